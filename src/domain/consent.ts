// Contact consent per channel (email, SMS, phone): its current state and the history of every
// change (who recorded it, when, and how the customer gave or refused it). Pure rules: the
// customer repository appends history on every write (appendConsentChanges), the merge keeps the
// newest state per channel and every record's history (mergeConsent), and the data-protection
// work (exports, segments filtering on consent, erasure) reads the same shapes.

export const CONSENT_CHANNELS = ['email', 'sms', 'phone'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** 'unknown': never asked (the state of every record before consent existed). */
export const CONSENT_STATUSES = ['unknown', 'granted', 'refused'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** How the customer gave or refused consent ('' only with status 'unknown'). */
export const CONSENT_SOURCES = [
  '',
  'inPerson',
  'phoneCall',
  'email',
  'webForm',
  'paperForm',
  'event',
  'import',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface ChannelConsent {
  status: ConsentStatus;
  /** When the customer gave or refused it (epoch ms); 0 with status 'unknown'. */
  at: number;
  source: ConsentSource;
}

export type Consent = Record<ConsentChannel, ChannelConsent>;

/** One recorded change of one channel: the new state plus who recorded it and when. */
export interface ConsentChange extends ChannelConsent {
  channel: ConsentChannel;
  /** When the change was written (epoch ms). */
  changedAt: number;
  /** Who wrote it: the signed-in sync user, else the device's id (the record's `updatedBy` rule). */
  changedBy: string;
}

export const UNKNOWN_CONSENT: Readonly<ChannelConsent> = Object.freeze({ status: 'unknown', at: 0, source: '' });

export function emptyConsent(): Consent {
  return { email: { ...UNKNOWN_CONSENT }, sms: { ...UNKNOWN_CONSENT }, phone: { ...UNKNOWN_CONSENT } };
}

export function sameChannelConsent(a: ChannelConsent, b: ChannelConsent): boolean {
  return a.status === b.status && a.at === b.at && a.source === b.source;
}

/** May the customer be contacted on this channel? Only with consent granted (unknown is no). */
export function mayContact(consent: Consent, channel: ConsentChannel): boolean {
  return consent[channel].status === 'granted';
}

/** The latest recorded change of a channel (by changedAt), or null. */
export function lastChange(history: readonly ConsentChange[], channel: ConsentChannel): ConsentChange | null {
  let last: ConsentChange | null = null;
  for (const h of history) if (h.channel === channel && (!last || h.changedAt >= last.changedAt)) last = h;
  return last;
}

/**
 * The history after a write that moves consent from `before` to `after`: one entry per channel
 * whose state changed, unless the history already ends with that state (a merge that adopted
 * another record's state brings that record's entry along). A channel set back to 'unknown' is a
 * change too (the rep withdrew what was recorded) and is kept.
 */
export function appendConsentChanges(
  before: Consent,
  after: Consent,
  history: readonly ConsentChange[],
  meta: { now: number; by: string },
): ConsentChange[] {
  const out = [...history];
  for (const channel of CONSENT_CHANNELS) {
    const next = after[channel];
    if (sameChannelConsent(before[channel], next)) continue;
    const last = lastChange(out, channel);
    if (last && sameChannelConsent(last, next)) continue;
    out.push({ channel, ...next, changedAt: meta.now, changedBy: meta.by });
  }
  return out;
}

const changeKey = (c: ConsentChange): string =>
  `${c.channel}|${c.changedAt}|${c.changedBy}|${c.status}|${c.at}|${c.source}`;

/** Every distinct history entry of the records, oldest change first (deterministic). */
export function unionConsentHistory(histories: readonly (readonly ConsentChange[])[]): ConsentChange[] {
  const byKey = new Map<string, ConsentChange>();
  for (const h of histories) for (const c of h) if (!byKey.has(changeKey(c))) byKey.set(changeKey(c), { ...c });
  return [...byKey.values()].sort(
    (a, b) => a.changedAt - b.changedAt || (changeKey(a) < changeKey(b) ? -1 : changeKey(a) > changeKey(b) ? 1 : 0),
  );
}

/**
 * The consent of merged records, per channel: the state the customer expressed most recently
 * (`at`); on a tie a refusal wins over a grant (contacting someone who said no is the worse
 * mistake). 'unknown' never overrides a recorded answer.
 */
export function mergeConsent(consents: readonly Consent[]): Consent {
  const out = emptyConsent();
  for (const channel of CONSENT_CHANNELS) {
    let best: ChannelConsent = { ...UNKNOWN_CONSENT };
    for (const c of consents) {
      const x = c[channel];
      if (x.status === 'unknown') continue;
      if (
        best.status === 'unknown' ||
        x.at > best.at ||
        (x.at === best.at && x.status === 'refused' && best.status !== 'refused')
      )
        best = { ...x };
    }
    out[channel] = best;
  }
  return out;
}
