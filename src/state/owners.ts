// Owner ids in words for every screen (the customer record, its form, the Insights owner filter):
// the domain rule (domain/owner.ts) with this device's ids, the local profile name and i18n.
import { ownerLabel } from '../domain/owner';
import { t } from '../i18n/i18n.svelte';
import type { AppContext } from './app-context';

export function ownerName(ownerId: string, app: Pick<AppContext, 'userId' | 'deviceId' | 'settings'>): string {
  const label = ownerLabel(ownerId, { selfIds: [app.userId, app.deviceId], profileName: app.settings.profileName });
  switch (label.kind) {
    case 'none':
      return t('record.owner.none');
    case 'self':
      return label.name ? t('record.owner.youNamed', { name: label.name }) : t('record.owner.you');
    case 'device':
      return t('record.owner.device', { short: label.short });
    case 'user':
      return label.name;
  }
}
