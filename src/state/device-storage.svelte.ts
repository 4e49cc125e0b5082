// The device's storage for this app: whether the browser promised to keep it (persistent storage),
// how much is used and available, and whether the quota is near. IndexedDB data of a site the
// browser has not made persistent can be evicted under storage pressure, so once there is customer
// data the app asks for persistence (once per start; the browser decides, often silently, and
// grants installed apps and sites with engagement).
import type { FieldbookDatabase } from '../data/db/database';
import { whenThereAreCustomers } from '../data/repos/first-data';

/** Used share of the quota from which the app warns. */
export const NEAR_QUOTA = 0.8;

export class DeviceStorage {
  /** null until known, or when the browser has no Storage API (then nothing can be promised). */
  persisted = $state<boolean | null>(null);
  supported = typeof navigator !== 'undefined' && typeof navigator.storage?.persist === 'function';
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  /** The app has asked the browser (this start) because there is data. */
  requested = $state(false);
  readonly nearQuota = $derived(
    this.usage !== null && this.quota !== null && this.quota > 0 && this.usage / this.quota >= NEAR_QUOTA,
  );
  #abort = new AbortController();

  /** Reads the current persistence and usage figures. */
  async refresh(): Promise<void> {
    if (typeof navigator === 'undefined' || !navigator.storage) return;
    const [persisted, estimate] = await Promise.all([
      navigator.storage.persisted?.() ?? Promise.resolve(null),
      navigator.storage.estimate?.() ?? Promise.resolve(null),
    ]);
    this.persisted = persisted;
    this.usage = estimate?.usage ?? null;
    this.quota = estimate?.quota ?? null;
  }

  /** Waits until there is customer data, then asks for persistent storage if not granted yet. */
  async persistOnceThereIsData(db: FieldbookDatabase): Promise<void> {
    if (!this.supported) return;
    if (!(await whenThereAreCustomers(db, this.#abort.signal))) return;
    if (!(await navigator.storage.persisted())) await navigator.storage.persist();
    this.requested = true;
    await this.refresh();
  }

  destroy(): void {
    this.#abort.abort();
  }
}
