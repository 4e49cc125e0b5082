import { describe, expect, it } from 'vitest';
import { standardize, type DedupInput } from '../../../workers/dedup/standardize';
import { StringPool } from '../../../workers/dedup/compare';
import { generateSynthetic } from '../../factories/synthetic';
import { PatternTable, scorePair } from '../../../workers/dedup/engine';
import {
  FIELDS,
  LEVELS,
  MISSING,
  ROW,
  RecordRows,
  SHARED_CAP,
  TF_FIELDS,
  TermFrequencies,
  type Prepared,
  comparePrepared,
  prepare,
  compareRecords,
  defaultParams,
  probability,
  weightTable,
} from '../../../workers/dedup/model';
import { estimate } from '../../../workers/dedup/em';

const levelOf = (
  a: Parameters<typeof standardize>[0],
  b: Parameters<typeof standardize>[0],
): Record<string, string> => {
  const out = new Uint8Array(FIELDS.length);
  compareRecords(standardize(a), standardize(b), out);
  return Object.fromEntries(
    FIELDS.map((f, i) => [f, out[i] === MISSING ? 'missing' : (LEVELS[f][out[i] ?? 0] ?? '?')]),
  );
};

describe('comparison levels', () => {
  it('张伟 = Zhang Wei = Wei Zhang (typed either way) = 張偉', () => {
    for (const other of [
      { givenName: 'Wei', familyName: 'Zhang' },
      { givenName: 'Zhang', familyName: 'Wei' },
      { givenName: '偉', familyName: '張' },
      { familyName: '张伟' },
    ]) {
      expect(levelOf({ givenName: '伟', familyName: '张' }, other)).toMatchObject({ given: 'exact', family: 'exact' });
    }
  });
  it('same pinyin written with other characters is only similar (张伟 vs 章伟)', () => {
    expect(levelOf({ givenName: '伟', familyName: '张' }, { givenName: '伟', familyName: '章' })).toMatchObject({
      given: 'exact',
      family: 'similar',
    });
  });
  it('nicknames are an alias level; typos similar; unrelated names different', () => {
    expect(levelOf({ givenName: 'Robert', familyName: 'Smith' }, { givenName: 'Bob', familyName: 'Smith' }).given).toBe(
      'alias',
    );
    expect(levelOf({ givenName: 'Margaret' }, { givenName: 'Peggy' }).given).toBe('alias');
    expect(levelOf({ givenName: 'Jonathan' }, { givenName: 'Jonathon' }).given).toBe('similar');
    expect(levelOf({ givenName: 'Robert' }, { givenName: 'Susan' }).given).toBe('different');
    expect(levelOf({ givenName: 'J', familyName: 'Smith' }, { givenName: 'John', familyName: 'Smith' }).given).toBe(
      'initial',
    );
  });
  it('emails, phones, dates, companies, streets and places', () => {
    const l = levelOf(
      {
        email: 'john.smith+x@gmail.com',
        phone: '+49 30 1234567',
        birthDate: '1980-03-04',
        company: 'Acme Inc.',
        street: '12 Main St',
        city: 'Berlin',
        postcode: '10115',
        country: 'DE',
      },
      {
        email: 'JohnSmith@googlemail.com',
        phone: '030 1234567',
        birthDate: '1980-04-03',
        company: 'ACME GmbH',
        street: '12 Main Street',
        city: 'berlin',
        postcode: '10115',
        country: 'Germany',
      },
    );
    expect(l).toMatchObject({
      email: 'exact',
      phone: 'exact',
      birthDate: 'transposed',
      company: 'exact',
      streetNumber: 'exact',
      street: 'exact',
      place: 'exact',
    });
    expect(levelOf({ email: 'jsmith@gmial.com' }, { email: 'jsmith@gmail.com' }).email).toBe('exact');
    expect(levelOf({ email: 'jsmith@qq.com' }, { email: 'jsmith@163.com' }).email).toBe('sameLocal');
    expect(levelOf({ postcode: '4011', city: 'st james' }, { postcode: '4101', city: 'st james' }).place).toBe(
      'samePostcode',
    );
    expect(levelOf({ city: 'Berlin', country: 'DE' }, { city: 'Berlin', country: 'US' }).place).toBe('different');
  });
  it('an empty side is missing (no evidence)', () => {
    expect(levelOf({ givenName: 'Ann' }, { givenName: 'Ann', email: 'a@b.de' })).toMatchObject({
      email: 'missing',
      phone: 'missing',
      birthDate: 'missing',
    });
  });
});

describe('Fellegi–Sunter', () => {
  it('weights fall from exact to different for every field (priors)', () => {
    const w = weightTable(defaultParams());
    for (const row of w) {
      expect(row[0]).toBeGreaterThan(0);
      expect(row[row.length - 1]).toBeLessThan(0);
    }
  });
  it('probability is a logistic of weight plus prior odds', () => {
    expect(probability(0, 0.5)).toBeCloseTo(0.5, 10);
    expect(probability(10, 0.5)).toBeGreaterThan(0.999);
    expect(probability(Math.log2(19), 0.05)).toBeCloseTo(0.5, 10);
  });
  it('EM separates a clean mixture of agreeing and disagreeing pairs', () => {
    const F = FIELDS.length;
    const patterns = new Uint8Array(2 * F);
    for (let f = 0; f < F; f++) patterns[F + f] = LEVELS[FIELDS[f] ?? 'given'].length - 1; // all different
    const counts = new Float64Array([100, 900]);
    const p = estimate(patterns, counts);
    expect(p.lambda).toBeGreaterThan(0.08);
    expect(p.lambda).toBeLessThan(0.12);
    expect(p.m[0]?.[0]).toBeGreaterThan(0.8);
    expect(p.u[0]?.[0]).toBeLessThan(0.05);
  });
});

describe('household fields', () => {
  it('a shared family mailbox adds no more than the other shared fields when the given names differ', () => {
    const home = {
      familyName: 'Berg',
      email: 'bergs@example.com',
      phone: '+49 30 1234567',
      street: '12 Elm Street',
      postcode: '10115',
      city: 'Berlin',
    };
    const anna = standardize({ ...home, givenName: 'Anna' });
    const peter = standardize({ ...home, givenName: 'Peter' });
    const annaAgain = standardize({ ...home, givenName: 'Anna' });
    const params = defaultParams();
    const sharedBits = (r: ReturnType<typeof scorePair>): number =>
      r.fields
        .filter((f) => ['family', 'email', 'phone', 'company', 'streetNumber', 'street', 'place'].includes(f.field))
        .reduce((sum, f) => sum + Math.max(0, f.weight), 0);
    const relatives = scorePair(anna, peter, params, null);
    expect(relatives.fields.find((f) => f.field === 'given')?.level).toBe('different');
    expect(sharedBits(relatives)).toBeLessThanOrEqual(SHARED_CAP + 0.01);
    expect(relatives.score).toBeLessThan(0.5);
    // The same person at the same address keeps the mailbox's full weight.
    const same = scorePair(anna, annaAgain, params, null);
    expect(same.fields.find((f) => f.field === 'email')?.weight).toBeGreaterThan(SHARED_CAP);
    expect(same.score).toBeGreaterThan(0.99);
  });
});

describe('term frequencies', () => {
  it('agreement on an email many records share counts less than on a personal one', () => {
    // 30 people typed with one shared address (a company's info@), two with a personal one.
    const shared = Array.from({ length: 30 }, (_, i) =>
      standardize({ familyName: `Name${i}`, email: 'info@acme.com' }),
    );
    const own = [0, 1].map(() => standardize({ familyName: 'Berg', email: 'anna.berg@example.com' }));
    const tf = new TermFrequencies();
    for (const r of [...shared, ...own]) tf.add(r);
    const params = defaultParams();
    const emailWeight = (a: (typeof own)[number], b: (typeof own)[number], t: TermFrequencies | null): number =>
      scorePair(a, b, params, t).fields.find((f) => f.field === 'email')?.weight ?? NaN;
    const [a, b] = own as [(typeof own)[number], (typeof own)[number]];
    const [c, d] = shared as [(typeof own)[number], (typeof own)[number]];
    expect(emailWeight(a, b, null)).toBe(emailWeight(c, d, null));
    expect(emailWeight(a, b, tf)).toBeGreaterThan(emailWeight(a, b, null));
    expect(emailWeight(c, d, tf)).toBeLessThan(emailWeight(c, d, null));
    // Removing the records takes their counts away again.
    for (const r of shared) tf.add(r, -1);
    expect(tf.counts[TF_FIELDS.indexOf('email')]?.get('info@acme.com')).toBeUndefined();
  });
});

describe('record rows', () => {
  it('reorder moves whole rows; localityOrder puts equal family and given names together', () => {
    const std = generateSynthetic({ seed: 5, records: 500 }).records.map((r) => standardize(r));
    const rows = new RecordRows(std, new StringPool());
    std.forEach((_s, i) => rows.fill(i));
    const before = rows.rows.slice();
    const order = rows.localityOrder();
    expect([...order].sort((x, y) => x - y)).toEqual(std.map((_s, i) => i));
    const moved = rows.reorder(order);
    for (let x = 0; x < std.length; x++) {
      const i = order[x] ?? 0;
      expect([...moved.rows.subarray(x * ROW, x * ROW + ROW)]).toEqual([...before.subarray(i * ROW, i * ROW + ROW)]);
      expect(moved.records[x]).toBe(std[i]);
    }
    // Each (family, given) name forms one run; within it, records keep their input order.
    const runs = new Map<string, number[]>();
    moved.records.forEach((r, x) => {
      const k = `${r.family}|${r.given}`;
      runs.set(k, [...(runs.get(k) ?? []), x]);
    });
    for (const xs of runs.values()) {
      expect((xs[xs.length - 1] ?? 0) - (xs[0] ?? 0)).toBe(xs.length - 1);
      const inputs = xs.map((x) => order[x] ?? 0);
      expect(inputs).toEqual([...inputs].sort((p, q) => p - q));
    }
  });

  it("compare gives exactly comparePrepared's levels (incl. more than two emails/phones)", () => {
    const records: DedupInput[] = [...generateSynthetic({ seed: 3, records: 200 }).records];
    records.push({
      givenName: 'Bob',
      familyName: 'Smith',
      email: 'a@x.com',
      otherEmails: ['b@x.com', 'c@x.com'],
      otherPhones: ['+4930123456', '+4930123457'],
      phone: '+4930123458',
    });
    records.push({ givenName: 'Robert', familyName: 'Smith', email: 'b@x.com', phone: '+4930123457' });
    // Edge cases of the row shortcuts (packed digits and dates, Jaro-Winkler bounds, initials):
    // every pair among these is compared below against the object path.
    const edge: DedupInput[] = [
      {
        givenName: 'J',
        familyName: 'Smith',
        phone: '+8613812345678',
        birthDate: '1980-03-04',
        postcode: '2000',
        street: '12 King St',
        city: 'Sydney',
      },
      {
        givenName: 'John',
        familyName: 'Smyth',
        phone: '+8613812345687',
        birthDate: '1980-04-03',
        postcode: '2001',
        street: '12a King St',
        city: 'Sidney',
      },
      {
        givenName: 'Jon',
        familyName: 'Smith',
        phone: '+8613812345679',
        birthDate: '1980-03-05',
        postcode: '200',
        street: '121 King St',
        city: 'Sydney',
      },
      {
        givenName: 'Smith',
        familyName: 'John',
        phone: '+86138123456789',
        birthDate: '1908-03-04',
        postcode: '2000',
        street: '12 Kings St',
        city: 'Syd',
      },
      {
        givenName: 'John',
        familyName: 'Smith',
        phone: '+861381234567',
        birthDate: '19800304',
        company: 'Acme Ltd',
        email: 'john.smith@example.com',
      },
      {
        givenName: 'Jhon',
        familyName: 'Smith',
        phone: '8613812345678',
        birthDate: '198003041',
        company: 'Acme Co',
        email: 'jon.smith@example.com',
      },
      {
        givenName: 'John',
        familyName: 'Smith',
        phone: '+8631812345678',
        birthDate: '1980',
        company: 'Acme',
        email: 'smith.john@example.com',
      },
      {
        givenName: '伟',
        familyName: '张',
        phone: '138 1234 5678',
        birthDate: '1980-3-4',
        email: 'zhangwei@example.cn',
      },
      {
        givenName: '偉',
        familyName: '章',
        phone: '+86 138 1234 5678',
        birthDate: '1980-03-40',
        email: 'zhang.wei@example.cn',
      },
      { givenName: 'Wei', familyName: 'Zhang', phone: '1234567890123456789', email: 'weizhang@example.cn' },
      { givenName: 'Wei', familyName: 'Zhang', phone: '1234567890123456798', birthDate: '08031980' },
      { givenName: 'W', familyName: 'Zhang', birthDate: '03081980' },
      { givenName: 'Ann', familyName: 'Lee', postcode: 'SW1A1AA', street: '1a High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: 'SW1A1A', street: '1 High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: 'SW1A11AA', street: '1234 High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: 'WS1A1AA', street: '123 High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: 'SW1AA1A', street: '132 High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: '2000', street: '21 High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: '2010', street: '12 High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: '20000', street: '1b High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: 'Ü2000', street: '1½ High St' },
      { givenName: 'Ann', familyName: 'Lee', postcode: '邮2000', street: '号1 High St' },
    ];
    records.push(...edge, ...edge.map((r) => ({ ...r, givenName: r.familyName, familyName: r.givenName })));
    const std = records.map((r) => standardize(r));
    const pool = new StringPool();
    const rows = new RecordRows(std, pool);
    std.forEach((_s, i) => rows.fill(i));
    const prep = std.map((s) => prepare(s, pool));
    const x = new Uint8Array(FIELDS.length);
    const y = new Uint8Array(FIELDS.length);
    const diffs: string[] = [];
    for (let i = 0; i < std.length; i++) {
      for (let j = i + 1; j < std.length; j += i >= 200 ? 1 : 3) {
        const sx = rows.compare(i, j, x);
        const sy = comparePrepared(prep[i] as Prepared, prep[j] as Prepared, y);
        if (sx !== sy || x.some((l, f) => l !== y[f])) diffs.push(`${i}-${j}`);
      }
    }
    expect(diffs).toEqual([]);
  });
  it('pattern table numbers distinct codes in first-seen order', () => {
    const t = new PatternTable();
    const codes = Array.from({ length: 5000 }, (_, k) => (k * 7919) % 3001);
    const ids = codes.map((c) => t.id(c));
    const first = new Map<number, number>();
    codes.forEach((c) => {
      if (!first.has(c)) first.set(c, first.size);
    });
    expect(ids).toEqual(codes.map((c) => first.get(c)));
    expect(t.codes).toEqual([...first.keys()]);
  });
});
