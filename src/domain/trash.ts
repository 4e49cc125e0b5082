// Which customers are in use: not merged into another record and not in the Trash. Lists, counts,
// search, Insights, duplicates and the quality screen show only these.

/** The marker fields (optional `trashedAt`: inputs built before the Trash existed have none). */
export interface InUseMarkers {
  mergedInto: string;
  trashedAt?: number;
}

export function isInUse(c: InUseMarkers): boolean {
  return !c.mergedInto && !c.trashedAt;
}

export function isTrashed(c: InUseMarkers): boolean {
  return Boolean(c.trashedAt);
}
