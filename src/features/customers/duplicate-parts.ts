// The customer screen's duplicate pieces: the live check beside a form or record, the merge dialog's
// host, the dedup index and the merge state. They load with the detail side (CustomersPage.svelte):
// the list alone needs none of them, so they stay out of a first visit's download.
export { dedupIndex, formToDedupInput, toDedupInput, type DedupIndexState } from '../../state/duplicates.svelte';
export { MergeState } from '../../state/duplicates-merge.svelte';
export { default as LiveDuplicateCheck } from '../duplicates/LiveDuplicateCheck.svelte';
export { default as MergeHost } from '../duplicates/MergeHost.svelte';
