/** Who wrote and when: stamped as `updatedAt` / `updatedBy` on every document a repository writes. */
export interface WriteMeta {
  now: number;
  by: string;
}
