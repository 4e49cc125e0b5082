// Applying data-quality fixes in bulk, and undoing them. Each changed value is recorded first as a
// `fix` decision (replicated, like merges) holding the value before and after, so Undo puts back
// exactly what was there — and leaves alone a value someone changed again since.
import type { QualityField } from '../../domain/quality';
import { newId } from '../../domain/ids';
import { updateCustomer, type WriteMeta } from './customers';
import type { FieldbookDatabase } from '../db/database';
import { fieldsOf } from '../merge/records';
import type { CustomerDoc, DecisionDoc } from '../db/schemas';
import { storedKeys } from '../db/keys';
import { ensureSearchKeyDataFor } from '../../domain/customer';
import { isInUse } from '../../domain/trash';

export interface FieldFix {
  id: string;
  field: QualityField;
  /** The value the fix was computed from (skipped when the record has changed since). */
  value: string;
  fix: string;
}

interface FixPayload {
  field: QualityField;
  before: string;
  after: string;
}

const CHUNK = 200;

/** Apply fixes (one rule's batch; several calls may share a `batchId`); returns the batch id for Undo and how many were applied. */
export async function applyFixes(
  db: FieldbookDatabase,
  rule: string,
  fixes: readonly FieldFix[],
  meta: WriteMeta,
  batchId = newId(meta.now),
): Promise<{ batchId: string; applied: number }> {
  let applied = 0;
  for (let i = 0; i < fixes.length; i += CHUNK) {
    const chunk = fixes.slice(i, i + CHUNK);
    const found = await db.customers.findByIds([...new Set(chunk.map((f) => f.id))]).exec();
    const todo = chunk.filter((f) => {
      const d = found.get(f.id);
      return d !== undefined && isInUse(d) && d[f.field] === f.value;
    });
    if (todo.length === 0) continue;
    await db.decisions.bulkInsert(
      todo.map((f): DecisionDoc => ({
        id: `fix|${batchId}|${f.id}|${f.field}`,
        createdAt: meta.now,
        updatedAt: meta.now,
        updatedBy: meta.by,
        kind: 'fix',
        state: 'active',
        groupId: batchId,
        customerId: f.id,
        otherId: rule.slice(0, 40),
        payload: JSON.stringify({ field: f.field, before: f.value, after: f.fix } satisfies FixPayload),
      })),
    );
    // One write per customer (several fields of one record may be fixed in a batch).
    const byCustomer = new Map<string, FieldFix[]>();
    for (const f of todo) byCustomer.set(f.id, [...(byCustomer.get(f.id) ?? []), f]);
    const fixed: { d: CustomerDoc; fields: ReturnType<typeof fieldsOf> }[] = [];
    for (const [id, fs] of byCustomer) {
      const d = found.get(id)?.toMutableJSON();
      if (!d) continue;
      const fields = fieldsOf(d);
      for (const f of fs) fields[f.field] = f.fix;
      fixed.push({ d, fields });
      applied += fs.length;
    }
    await ensureSearchKeyDataFor(fixed.map((x) => x.fields));
    const docs: CustomerDoc[] = fixed.map(({ d, fields }) => ({
      ...d,
      ...fields,
      ...storedKeys(fields, meta.now),
      updatedAt: meta.now,
      updatedBy: meta.by,
    }));
    await db.customers.bulkUpsert(docs);
  }
  return { batchId, applied };
}

/** Undo a batch: values still as the fix left them go back to what they were. Returns how many. */
export async function undoFixes(db: FieldbookDatabase, batchId: string, meta: WriteMeta): Promise<number> {
  let restored = 0;
  for (;;) {
    // Undone rows drop out of the selector, so each round reads the next active ones.
    const active = (
      await db.decisions.find({ selector: { groupId: batchId, state: 'active' }, limit: CHUNK * 5 }).exec()
    ).filter((r) => r.kind === 'fix');
    if (active.length === 0) return restored;
    for (const r of active) {
      const p = JSON.parse(r.payload) as FixPayload;
      const doc = (await db.customers.findOne(r.customerId).exec())?.toMutableJSON();
      if (doc && doc[p.field] === p.after) {
        const fields = fieldsOf(doc);
        fields[p.field] = p.before;
        await updateCustomer(db, r.customerId, fields, meta);
        restored++;
      }
      await r.incrementalPatch({ state: 'undone', updatedAt: meta.now, updatedBy: meta.by });
    }
  }
}
