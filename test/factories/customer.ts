// Small builders for data and domain tests. Defaults are valid, normalized values (what
// validateCustomer would return); a test overrides only the fields it is about.
import type {
  CustomerFields,
  InteractionFields,
  OrderFields,
  ProductFields,
  SurveyFields,
} from '../../src/domain/types';
import { emptyCustomerFields } from '../../src/domain/customer-fields';

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

export interface Meta {
  now: number;
  by: string;
}
/** Write metadata at `T0 + offsetMs`. */
export function meta(offsetMs = 0, by = 'test-user'): Meta {
  return { now: T0 + offsetMs, by };
}

export function customerFields(overrides: Partial<CustomerFields> = {}): CustomerFields {
  return { ...emptyCustomerFields(), givenName: 'Anna', familyName: 'Schmidt', source: 'manual', ...overrides };
}

/** A few people covering the cases search and sort care about (CJK and Latin, with/without phone/company). */
export const PEOPLE = {
  zhangWei: customerFields({
    givenName: '伟',
    familyName: '张',
    phone: '+8613800138000',
    company: '上海咖啡贸易有限公司',
    country: 'CN',
    tags: ['vip', '展会'],
  }),
  ouyang: customerFields({ givenName: '娜娜', familyName: '欧阳', email: 'nana.ouyang@qq.com', country: 'CN' }),
  john: customerFields({
    givenName: 'John',
    familyName: 'Smith',
    email: 'john.smith@example.com',
    phone: '+12015550123',
    company: 'Acme Corp.',
    country: 'US',
    tags: ['lead'],
  }),
  mueller: customerFields({
    givenName: 'Jürgen',
    familyName: 'Müller',
    phone: '+49301234567',
    company: 'Müller & Söhne GmbH',
    country: 'DE',
    tags: ['reseller', 'VIP'],
  }),
  obrien: customerFields({ givenName: 'Seán', familyName: "O'Brien", email: 'sean@obrien.ie', country: 'IE' }),
} satisfies Record<string, CustomerFields>;

export function orderFields(customerId: string, overrides: Partial<OrderFields> = {}): OrderFields {
  const items = overrides.items ?? [{ sku: 'FB-1001', name: 'House Blend Beans 1 kg', qty: 2, unitPriceMinor: 2490 }];
  return {
    customerId,
    orderedAt: T0,
    status: 'paid',
    currency: 'EUR',
    items,
    totalMinor: items.reduce((sum, i) => sum + i.qty * i.unitPriceMinor, 0),
    confirmedAt: overrides.orderedAt ?? T0,
    deliveredAt: overrides.orderedAt ?? T0,
    paidAt: overrides.orderedAt ?? T0,
    cancelledAt: 0,
    ...overrides,
  };
}

export function interactionFields(customerId: string, overrides: Partial<InteractionFields> = {}): InteractionFields {
  return {
    customerId,
    type: 'call',
    at: T0,
    subject: 'Follow-up call',
    notes: '',
    outcome: '',
    followUpAt: 0,
    ...overrides,
  };
}

export function surveyFields(customerId: string, overrides: Partial<SurveyFields> = {}): SurveyFields {
  return { customerId, at: T0, score: 9, comment: '', channel: 'email', ...overrides };
}

export function productFields(overrides: Partial<ProductFields> = {}): ProductFields {
  return {
    sku: 'FB-9001',
    name: 'Test Beans 1 kg',
    category: 'Beans',
    priceMinor: 1990,
    currency: 'EUR',
    active: true,
    ...overrides,
  };
}
