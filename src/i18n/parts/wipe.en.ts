// Settings → Wipe this device, and the page a wipe lands on.
export const wipeEn = {
  'wipe.title': 'Wipe this device',
  'wipe.hint':
    'Removes everything Fieldbook keeps in this browser: customers, orders, visits, surveys, settings and the sync sign-in. The app itself stays installed and works offline.',
  'wipe.synced':
    'Sync is set up: after the wipe, sign in to sync again and the team’s data comes back from the server.',
  'wipe.pending': '{count} changes made on this device have not reached the server yet. They will be lost.',
  'wipe.pending.one': '1 change made on this device has not reached the server yet. It will be lost.',
  'wipe.refused': '{count} changes the server refused are kept only on this device. They will be lost.',
  'wipe.refused.one': '1 change the server refused is kept only on this device. It will be lost.',
  'wipe.nothingWaiting': 'No changes are waiting for the server.',
  'wipe.notSynced': 'Sync is not set up: the data on this device is nowhere else. What you wipe cannot be recovered.',
  'wipe.start': 'Wipe this device…',
  'wipe.confirmLabel': 'Type {word} to confirm',
  'wipe.confirmWord': 'WIPE',
  'wipe.confirm': 'Wipe this device now',
  'wipe.cancel': 'Cancel',
  'wipe.wiping': 'Wiping this device…',
  'wipe.failed': 'The wipe did not finish: {error}. Close other Fieldbook tabs and try again.',
  'wipe.done.title': 'This device was wiped',
  'wipe.done.body':
    'Fieldbook’s data is gone from this browser: customers, orders, visits, surveys, settings and the sync sign-in.',
  'wipe.done.resync': 'If your team syncs, sign in again in Settings → Sync and the data comes back from the server.',
  'wipe.done.start': 'Start Fieldbook',
} as const;
