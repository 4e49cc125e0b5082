// Names this device and its user's profile name (read at each write: it can change) in every audit
// entry the data layer writes through `db`. Called once when the app opens the database.
import type { FieldbookDatabase } from '../data/db/database';
import { setAuditDevice } from '../data/repos/audit';
import type { Settings } from './settings.svelte';

export function nameAuditDevice(db: FieldbookDatabase, deviceId: string, settings: Settings): void {
  setAuditDevice(db, { device: deviceId, profileName: () => settings.profileName });
}
