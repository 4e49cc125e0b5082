// Candidate pairs of a scan as packed integer columns: the partner index (Int32) and the
// comparison pattern number (Uint16 while patterns fit, Int32 after) of every pair, in rows by
// the smaller record index (`start`). Stored in fixed-size chunks, so appending tens of millions
// of pairs never copies what is there (a doubling array peaks at 3× its content while it grows).
// 6 bytes a pair for most scans; no object, tuple or string key per pair.

/** Pairs per chunk (2^20: 4 MB of partners, 2 MB of patterns). */
const SHIFT = 20;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
/** Largest pattern number a Uint16 chunk holds. */
const U16_MAX = 0xffff;

export class PackedPairs {
  /** Row offsets: the partners of record i are pairs start[i] .. start[i+1]. */
  readonly start: Int32Array;
  private readonly cols: Int32Array[] = [];
  private readonly pids: (Uint16Array | Int32Array)[] = [];
  private wide = false;
  length = 0;
  private row = 0;

  constructor(readonly records: number) {
    this.start = new Int32Array(records + 1);
  }

  /** Append pair (current row, j) with pattern p. Rows are filled in order with `endRow`. */
  push(j: number, p: number): void {
    const x = this.length;
    const k = x >>> SHIFT;
    if (k === this.cols.length) {
      if (x >= 0x7fffffff) throw new RangeError('more than 2^31 candidate pairs');
      this.cols.push(new Int32Array(CHUNK));
      this.pids.push(this.wide ? new Int32Array(CHUNK) : new Uint16Array(CHUNK));
    }
    if (p > U16_MAX && !this.wide) this.widen();
    (this.cols[k] as Int32Array)[x & MASK] = j;
    (this.pids[k] as Uint16Array | Int32Array)[x & MASK] = p;
    this.length = x + 1;
  }

  /** Close the current row (record `row`), starting the next one. */
  endRow(): void {
    this.start[++this.row] = this.length;
  }

  /** Partner of pair x. */
  col(x: number): number {
    return this.cols[x >>> SHIFT]?.[x & MASK] ?? 0;
  }

  /** Pattern number of pair x. */
  pid(x: number): number {
    return this.pids[x >>> SHIFT]?.[x & MASK] ?? 0;
  }

  /** Bytes held by the pair columns. */
  get bytes(): number {
    let b = this.start.byteLength;
    for (let k = 0; k < this.cols.length; k++) b += (this.cols[k]?.byteLength ?? 0) + (this.pids[k]?.byteLength ?? 0);
    return b;
  }

  /** The partners as one array (tests, fingerprints; a scan reads the chunks in place). */
  partners(): Int32Array {
    const out = new Int32Array(this.length);
    for (let k = 0; k < this.cols.length; k++) {
      const from = k << SHIFT;
      const c = this.cols[k] as Int32Array;
      out.set(c.subarray(0, Math.min(CHUNK, this.length - from)), from);
    }
    return out;
  }

  /** From here on (and for the chunks so far) pattern numbers are Int32. */
  private widen(): void {
    this.wide = true;
    for (let k = 0; k < this.pids.length; k++) this.pids[k] = Int32Array.from(this.pids[k] as Uint16Array);
  }
}
