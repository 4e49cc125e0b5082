// Every query the UI runs must be served by an index (docs/ARCHITECTURE.md, "Performance rules": no screen reads a whole
// collection). RxDB's query planner says which index a query uses and whether the index alone
// satisfies the selector; a search key or sort without its index would show up here.
import { describe, expect, test } from 'vitest';
import type { MangoQuery } from 'rxdb';
import { searchQueries } from '../../src/data/repos/customers';
import type { CustomerDoc } from '../../src/data/db/schemas';
import { planSearch } from '../../src/domain/search';
import { openTestDb } from './setup';

const QUERIES = [
  'zhang wei',
  'zw',
  '张伟',
  '上海',
  'anna@example',
  'Müller',
  '+49 30 1234',
  '0412 345',
  '4567',
  'acme',
  'zhangwei',
  '瑞丰',
  '212 555 0111',
  'other@example',
];

describe('query plans', () => {
  test.each(QUERIES)('search "%s" uses one index per term and needs no in-memory filtering', async (q) => {
    const db = await openTestDb();
    const queries = searchQueries(planSearch(q), 50);
    expect(queries.length).toBeGreaterThan(0);
    for (const { collection, query } of queries) {
      const field = Object.keys(query.selector ?? {})[0] ?? '';
      const plan =
        collection === 'customers'
          ? db.customers.find(query).getPreparedQuery().queryPlan
          : db.searchterms.find(query).getPreparedQuery().queryPlan;
      expect(plan.index).toContain(field);
      expect(plan.selectorSatisfiedByIndex).toBe(true);
      expect(plan.sortSatisfiedByIndex).toBe(true);
    }
  });

  test.each(['nameKey', 'recentKey', 'companySort'] as const)(
    'browsing by %s pages through its index',
    async (field) => {
      const db = await openTestDb();
      const query: MangoQuery<CustomerDoc> = {
        selector: { [field]: { $gte: field === 'recentKey' ? 0 : '' } },
        sort: [{ [field]: 'asc' }, { id: 'asc' }],
        limit: 50,
      };
      const plan = db.customers.find(query).getPreparedQuery().queryPlan;
      expect(plan.index).toContain(field);
      expect(plan.sortSatisfiedByIndex).toBe(true);
    },
  );
});
