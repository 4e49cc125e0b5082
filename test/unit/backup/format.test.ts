// The backup file format: frames, preamble, manifest and checksum; a wrong passphrase; a flipped
// byte anywhere, a cut file, and reordered frames are refused before any document is handed out.
// Every open derives a 600,000-iteration PBKDF2 key (~0.5 s here), hence the longer timeouts.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  BACKUP_MIN_ITERATIONS,
  BackupError,
  BackupWriter,
  MAGIC,
  openBackup,
  type AcceptedSchemas,
} from '../../../workers/backup/format';
import { Sha256 } from '../../../workers/backup/sha256';
import { MIN_ITERATIONS } from '../../../src/data/crypto/passphrase-key';

const ITER = BACKUP_MIN_ITERATIONS;
const PASS = 'blue lantern 42';

const personSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    name: { type: 'string' },
    score: { type: 'integer', minimum: 0, maximum: 10 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'name', 'score', 'tags'],
  additionalProperties: false,
};
const ACCEPTED: AcceptedSchemas = { people: { 0: personSchema, 1: personSchema }, notes: { 0: { type: 'object' } } };

const person = (i: number) => ({ id: `p${i}`, name: `Person ${i} 张伟`, score: i % 11, tags: ['a'] });

async function makeFile(pages = 3, perPage = 4): Promise<Blob> {
  const w = await BackupWriter.create(PASS, ITER);
  for (let p = 0; p < pages; p++)
    await w.add(
      'people',
      1,
      Array.from({ length: perPage }, (_, i) => person(p * perPage + i)),
    );
  w.declare('notes', 0);
  return w.finish({ createdAt: 1_700_000_000_000, appVersion: '0.1.0' });
}

async function bytesOf(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await blob.arrayBuffer());
}

async function refusal(file: Blob, passphrase = PASS): Promise<BackupError> {
  try {
    await openBackup(file, passphrase, ACCEPTED);
  } catch (err) {
    if (err instanceof BackupError) return err;
    throw err;
  }
  throw new Error('the file was accepted');
}

describe('backup file format', { timeout: 20_000 }, () => {
  test('the PBKDF2 floor equals the on-device passphrase floor', () => {
    expect(BACKUP_MIN_ITERATIONS).toBe(MIN_ITERATIONS);
  });

  test('sha256 fed in pieces equals WebCrypto digest', async () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 1000, 70_000]) {
      const data = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      const expected = Buffer.from(await crypto.subtle.digest('SHA-256', data)).toString('hex');
      const h = new Sha256();
      for (let i = 0; i < size; i += 37) h.update(data.subarray(i, i + 37));
      expect(h.hex()).toBe(expected);
    }
  });

  test('starts with the magic and a readable preamble holding only the KDF parameters and a file id', async () => {
    const bytes = await bytesOf(await makeFile());
    const text = new TextDecoder().decode(bytes.subarray(0, 400));
    expect(text.startsWith(MAGIC)).toBe(true);
    const length = new DataView(bytes.buffer).getUint32(MAGIC.length);
    const preamble = JSON.parse(
      new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + length)),
    ) as Record<string, unknown>;
    expect(Object.keys(preamble).sort()).toEqual(['cipher', 'fileId', 'format', 'iterations', 'kdf', 'salt']);
    expect(preamble).toMatchObject({ kdf: 'PBKDF2-SHA-256', cipher: 'AES-GCM', iterations: ITER });
    // No document text is readable anywhere in the file.
    expect(new TextDecoder('latin1').decode(bytes)).not.toContain('Person');
  });

  test('round trip: manifest, frames and documents come back as written', async () => {
    const opened = await openBackup(await makeFile(), PASS, ACCEPTED);
    expect(opened.manifest).toMatchObject({
      createdAt: 1_700_000_000_000,
      appVersion: '0.1.0',
      collections: { people: { schemaVersion: 1, count: 12 }, notes: { schemaVersion: 0, count: 0 } },
      frames: 4,
    });
    expect(opened.manifest.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(opened.frames.map((f) => f.count)).toEqual([4, 4, 4]);
    const docs = [];
    for (let i = 0; i < opened.frames.length; i++) docs.push(...(await opened.read(i)).docs);
    expect(docs).toEqual(Array.from({ length: 12 }, (_, i) => person(i)));
  });

  test('pages handed over as JSON bytes (addEncoded) open exactly like pages of objects; a page must be an array', async () => {
    const w = await BackupWriter.create(PASS, ITER);
    const page = [person(1), person(2), { ...person(3), name: 'quote " backslash \\ 表' }];
    await w.addEncoded('people', 1, page.length, new TextEncoder().encode(JSON.stringify(page)));
    await w.add('people', 1, [person(4)]);
    await expect(w.addEncoded('people', 1, 1, new TextEncoder().encode('{"id":"p5"}'))).rejects.toThrow(/array/);
    const opened = await openBackup(await w.finish({ createdAt: 1, appVersion: 't' }), PASS, ACCEPTED);
    expect(opened.manifest.collections.people).toEqual({ schemaVersion: 1, count: 4 });
    expect((await opened.read(0)).docs).toEqual(page);
    expect((await opened.read(1)).docs).toEqual([person(4)]);
  });

  test('a file bigger than the writer keeps in its own memory (its frames folded into a Blob) opens whole', async () => {
    const w = await BackupWriter.create(PASS, ITER);
    // 12 MB in 24 frames: more than one fold of the writer's parts.
    const big = (i: number) => ({ ...person(i), name: `${i}`.repeat(500_000 / `${i}`.length) });
    for (let i = 0; i < 24; i++) await w.add('people', 1, [big(i)]);
    const file = await w.finish({ createdAt: 1, appVersion: 't' });
    expect(file.size).toBeGreaterThan(12_000_000);
    const opened = await openBackup(file, PASS, ACCEPTED);
    expect(opened.frames).toHaveLength(24);
    expect((await opened.read(23)).docs[0]!.id).toBe('p23');
  });

  test('two files of the same data differ (fresh salt, file id and IVs)', async () => {
    const [a, b] = await Promise.all([makeFile(1, 1), makeFile(1, 1)]);
    expect(Buffer.from(await bytesOf(a)).equals(Buffer.from(await bytesOf(b)))).toBe(false);
  });

  test('a wrong passphrase is refused as such', async () => {
    expect((await refusal(await makeFile(), 'blue lantern 43')).code).toBe('wrongPassphrase');
  });

  test('something that is not a backup is refused as such', async () => {
    expect((await refusal(new Blob(['id,name\n1,Ann\n']))).code).toBe('notBackup');
    expect((await refusal(new Blob([]))).code).toBe('notBackup');
  });

  test('a file cut anywhere is refused', { timeout: 60_000 }, async () => {
    const bytes = await bytesOf(await makeFile(2, 2));
    const cuts = [MAGIC.length + 2, MAGIC.length + 30, 300, bytes.length - 200, bytes.length - 1];
    for (const cut of cuts) {
      const err = await refusal(new Blob([bytes.slice(0, cut)]));
      expect(['truncated', 'damaged', 'notBackup', 'wrongPassphrase']).toContain(err.code);
    }
    // Cut exactly after a data frame (the manifest is missing): truncated.
    const opened = await openBackup(new Blob([bytes]), PASS, ACCEPTED);
    const last = opened.frames.at(-1)!;
    expect((await refusal(new Blob([bytes.slice(0, last.offset + last.length)]))).code).toBe('truncated');
  });

  test('bytes appended after the end are refused', async () => {
    const bytes = await bytesOf(await makeFile(1, 1));
    expect((await refusal(new Blob([bytes, new Uint8Array([0, 0, 0, 0])]))).code).toBe('damaged');
  });

  test('a flipped bit anywhere is refused', { timeout: 120_000 }, async () => {
    const bytes = await bytesOf(await makeFile(2, 2));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 7 }), async (at, bit) => {
        const copy = bytes.slice();
        copy[at] = copy[at]! ^ (1 << bit);
        await expect(openBackup(new Blob([copy]), PASS, ACCEPTED)).rejects.toBeInstanceOf(BackupError);
      }),
      { numRuns: 25 },
    );
  });

  test('swapping two data frames is refused', async () => {
    const bytes = await bytesOf(await makeFile(3, 1));
    const { frames } = await openBackup(new Blob([bytes]), PASS, ACCEPTED);
    const [a, b] = [frames[0]!, frames[1]!];
    const swapped = new Blob([
      bytes.slice(0, a.offset),
      bytes.slice(b.offset, b.offset + b.length),
      bytes.slice(a.offset, a.offset + a.length),
      bytes.slice(b.offset + b.length),
    ]);
    expect((await refusal(swapped)).code).toBe('damaged');
  });

  test('a collection at a schema version newer than the app knows is refused as newer', async () => {
    const w = await BackupWriter.create(PASS, ITER);
    await w.add('notes', 7, [{ id: 'n1' }]);
    const file = await w.finish({ createdAt: 1, appVersion: '9.0.0' });
    // The frame itself is checked first (unknown version), or the manifest (newer): both refuse.
    expect(['newer', 'content']).toContain((await refusal(file)).code);
  });

  test('refuses iterations below the floor when writing', async () => {
    await expect(BackupWriter.create(PASS, ITER - 1)).rejects.toThrow(/below/);
  });
});
