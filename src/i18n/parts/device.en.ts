// The device's storage (Settings → Storage) and removing demo data.
export const deviceEn = {
  'storage.persisted': 'Kept on this device: the browser will not clear Fieldbook’s data to free space.',
  'storage.notPersisted':
    'Not protected from clean-up: the browser may clear Fieldbook’s data when the device runs low on space. Install the app (Add to Home screen) and turn on sync to keep a copy on the team’s server.',
  'storage.waiting': 'Fieldbook asks the browser to keep its data as soon as there are customers.',
  'storage.unsupported': 'This browser cannot promise to keep Fieldbook’s data.',
  'storage.usage': '{used} used of {quota} available to Fieldbook on this device',
  'storage.nearQuota':
    'Storage almost full: {percent} of the space this browser allows Fieldbook is used. Free space on the device or remove demo data before adding more.',
  'settings.demoRemove': 'Remove demo data',
  'settings.demoRemoveConfirm':
    'Remove every demo customer with their orders, visits and surveys? Your own customers stay. On a synced device the removal syncs too.',
  'settings.demoRemoveYes': 'Remove demo data',
  'settings.demoRemoveNo': 'Keep it',
  'settings.demoRemoving': 'Removing demo data… {count} customers removed',
  'settings.demoRemoved': 'Removed {count} demo customers and {related} related records.',
  'settings.demoRemoved.one': 'Removed 1 demo customer and {related} related records.',
  'settings.demoRemoveFailed': 'Removing demo data failed: {error}',
} as const;
