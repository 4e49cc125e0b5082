// Who a customer belongs to, in words. `ownerId` holds the signed-in sync user's name (a person's
// login) or, on a device that never signed in, the device's own id ('device-1a2b3c4d'), which
// means nothing to a person. The local profile name (Settings → Your name) names this device's
// user; another device's id is shown as an unnamed device, never as the raw id alone.

export const DEVICE_ID_PREFIX = 'device-';

export type OwnerLabel =
  | { kind: 'none' }
  /** This device's user: `name` is the profile name, '' when none is set. */
  | { kind: 'self'; name: string }
  /** Another device that never signed in: `short` tells two apart. */
  | { kind: 'device'; short: string }
  /** A sync user: the name they sign in with. */
  | { kind: 'user'; name: string };

export interface OwnerContext {
  /** Ids that are this device's user: its device id and, when signed in, the sync user's name. */
  selfIds: readonly string[];
  /** The local profile name ('' when not set). */
  profileName: string;
}

export function ownerLabel(ownerId: string, ctx: OwnerContext): OwnerLabel {
  if (ownerId === '') return { kind: 'none' };
  if (ctx.selfIds.includes(ownerId)) return { kind: 'self', name: ctx.profileName.trim() };
  if (ownerId.startsWith(DEVICE_ID_PREFIX))
    return { kind: 'device', short: ownerId.slice(DEVICE_ID_PREFIX.length, DEVICE_ID_PREFIX.length + 4) };
  return { kind: 'user', name: ownerId };
}
