// The pieces the comparison helper threads share: a string pool moved into other memory and read
// back through a read-only view (same ids, same strings, same Jaro-Winkler), the pattern codes,
// and a chunk's comparisons (pairs with a record of more than two emails or phones are left to
// the scan, which holds the standardized records; a scan with such records finds their pairs).
import { describe, expect, it } from 'vitest';
import { StringPool } from '../../../workers/dedup/compare';
import { FIELDS, MISSING, RecordRows } from '../../../workers/dedup/model';
import { standardize, type DedupInput } from '../../../workers/dedup/standardize';
import { CandidateStream, candidateStreamSteps } from '../../../workers/dedup/blocking';
import {
  OVERFLOW_CODE,
  compareChunk,
  decodeLevels,
  encodeLevels,
  groupsCsr,
} from '../../../workers/dedup/compare-shard';
import { findDuplicates } from '../../../workers/dedup/engine';
import { generateSynthetic } from '../../factories/synthetic';

describe('StringPool in shared memory', () => {
  it('keeps ids, strings and similarities after moveTo, and a fromCodes view reads the same', () => {
    const pool = new StringPool();
    const words = ['müller', 'mueller', 'zhang', '张伟', 'anna.smith@example.com', 'anna.smyth@example.com', ''];
    const ids = words.map((w) => pool.id(w));
    const moved = pool.moveTo((bytes) => new SharedArrayBuffer(bytes));
    expect(moved.codes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(words.map((w) => pool.id(w))).toEqual(ids);
    const view = StringPool.fromCodes(moved.codes, moved.start, moved.length, moved.size);
    expect(ids.map((id) => view.strings[id])).toEqual(words);
    for (const a of ids)
      for (const b of ids) {
        expect(view.jaroWinkler(a, b)).toBe(pool.jaroWinkler(a, b));
        expect(view.jaroWinklerShared(a, b, 0.92)).toBe(pool.jaroWinklerShared(a, b, 0.92));
      }
    expect(() => view.id('new')).toThrow(/read-only/);
    // The moved pool still interns new strings (its arrays grow out of the shared ones).
    expect(pool.strings[pool.id('new')]).toBe('new');
  });

  it('nickname groups round-trip through their CSR', () => {
    const groups = [undefined, [3, 4], [], undefined, [7]];
    const { groupStart, groupIds } = groupsCsr(groups);
    expect(Array.from(groupStart)).toEqual([0, 0, 2, 2, 2, 3]);
    expect(Array.from(groupIds)).toEqual([3, 4, 7]);
  });
});

describe('comparison chunks', () => {
  it('encode and decode a comparison vector', () => {
    const levels = Uint8Array.from(FIELDS.map((_, f) => (f % 3 === 2 ? MISSING : f % 5)));
    expect(Array.from(decodeLevels(encodeLevels(levels), new Uint8Array(FIELDS.length)))).toEqual(Array.from(levels));
  });

  it('leave pairs of a record with more than two emails to the scan, and compare the others as rows.compare does', () => {
    const records: DedupInput[] = [...generateSynthetic({ seed: 5, records: 300 }).records];
    const many = { givenName: 'Bob', familyName: 'Smith', email: 'a@x.com', otherEmails: ['b@x.com', 'c@x.com'] };
    records.push(many, { givenName: 'Robert', familyName: 'Smith', email: 'b@x.com' });
    const std = records.map((r) => standardize(r));
    const rows = new RecordRows(std, new StringPool());
    for (let i = 0; i < std.length; i++) rows.fill(i);
    const steps = candidateStreamSteps(std, {}, undefined, rows);
    let s = steps.next();
    while (s.done !== true) s = steps.next();
    const stream = s.value;
    const n = std.length;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const r = compareChunk(0, rows, stream, order, n, new Uint8Array(FIELDS.length));
    const levels = new Uint8Array(FIELDS.length);
    // A fresh stream over the same blocks (a stream lists a record's partners once: it marks them).
    const again = new CandidateStream(stream.b, stream.o, stream.capped);
    let k = 0;
    let overflowPairs = 0;
    for (let i = 0; i < n; i++) {
      const c = again.partners(i);
      expect((r.ends[i] ?? 0) - k).toBe(c);
      for (let x = 0; x < c; x++, k++) {
        const j = again.out[x] ?? 0;
        expect(r.partners[k]).toBe(j);
        if (rows.overflows(i) || rows.overflows(j)) {
          overflowPairs++;
          expect(r.codes[k]).toBe(OVERFLOW_CODE);
        } else {
          rows.compare(i, j, levels);
          expect(r.codes[k]).toBe(encodeLevels(levels));
        }
      }
    }
    expect(overflowPairs).toBeGreaterThan(0);
    // The scan itself (which drops the records it no longer needs) pairs the two Smiths.
    const found = findDuplicates(records).pairs.find((p) => p.a === n - 2 && p.b === n - 1);
    expect(found?.score).toBeGreaterThan(0.5);
  });
});
