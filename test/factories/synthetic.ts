// Seeded generator of bilingual customers with known duplicates, for the dedup benchmark (and the
// 100,000-record scan in `npm run bench`). Chinese and Western people; duplicates vary the way
// reps type them (张伟 / Zhang Wei / Wei Zhang / 張偉, Bob for Robert, phone formats, Gmail dots and
// +tags, email domain typos, street and company abbreviations, missing fields, typos). Hard
// negatives are built in: namesakes with very common names, family members sharing address and
// landline, colleagues sharing a company, its address and switchboard.
import { Rng } from '../../src/domain/random';
import type { CustomerInput } from '../../src/domain/types';
import {
  drawChineseGiven,
  drawChineseSurname,
  drawWesternFamily,
  drawWesternGiven,
  type ChineseName,
} from './synthetic-names';

/** A generated customer row in the canonical CSV columns: exactly what a user types into the form. */
export type SyntheticRecord = CustomerInput;

export interface SyntheticOptions {
  seed?: number;
  /** Number of records to produce (approximately: the last entity's duplicates may overshoot). */
  records?: number;
  /** Share of people that get 1–2 duplicates. */
  duplicateRate?: number;
  /**
   * How e-mail addresses are assigned (issue 16). Addresses are built from the name (`given.family`,
   * `givenfamily` + 1–99, initial + family, `family.given` + 60–99, at one of a few providers).
   * - `provider` (default): as a mail provider does, an address another person already holds gets
   *   the lowest free number appended to its local part (`wei.zhang` → `wei.zhang2`; Gmail's dots do
   *   not count), and one family member in four uses the household's shared address of the relative
   *   they live with. So addresses are shared at a rate linear in the record count, as real ones are.
   * - `name-only`: the address from the name alone (the generator before session 9): namesakes share
   *   addresses, and the more records the more (pairs of different people sharing one: 69k at 100k
   *   records, 276k at 200k, 7.0M at 1M). Kept to reproduce the earlier figures.
   * - `serial`: a serial number after every local part (no address shared at all).
   * The random draws are the same in all three, so everything but the addresses is identical.
   */
  emails?: EmailMode;
  /**
   * Where names come from (issue 16, session 11).
   * - `lists` (default): the fixed lists above (35 × 36 Chinese, 38 × 33 Western names, the first few
   *   over-drawn). Namesakes per person grow with the record count: at 1M records a person shares
   *   the exact name with hundreds of others, far more than in any real population.
   * - `long-tail`: real-shaped frequencies (`synthetic-names.ts`): ~300 Chinese surnames by share,
   *   given names composed of one or two characters, ~200 Western given names (some compound) and
   *   a head of common Western surnames with a composed tail of ~1,400.
   * The names are drawn from their own seeded stream, so every other draw (contacts, places,
   * duplicates' variations, shuffle) is the same in both modes; e-mail addresses follow the names.
   */
  names?: NameMode;
  /** Also return each person's name and city (`SyntheticSet.people`), for the name-density report. */
  people?: boolean;
}

export type EmailMode = 'provider' | 'name-only' | 'serial';
export type NameMode = 'lists' | 'long-tail';

/** The benchmark tools' `--names lists|long-tail` argument (default `lists`). */
export function nameModeArg(argv: readonly string[]): NameMode {
  const at = argv.indexOf('--names');
  const v = at >= 0 ? argv[at + 1] : 'lists';
  if (v === 'lists' || v === 'long-tail') return v;
  throw new Error(`--names must be lists or long-tail, not ${String(v)}`);
}

/** The benchmark tools' `--emails provider|name-only|serial` argument (default `provider`). */
export function emailModeArg(argv: readonly string[]): EmailMode {
  const at = argv.indexOf('--emails');
  const v = at >= 0 ? argv[at + 1] : 'provider';
  if (v === 'provider' || v === 'name-only' || v === 'serial') return v;
  throw new Error(`--emails must be provider, name-only or serial, not ${String(v)}`);
}

/** Address assignment of the current `generateSynthetic` call (module state: the helpers below are plain functions). */
let emailMode: EmailMode = 'provider';
/** `long-tail`: the names' own random stream (null in `lists` mode). */
let nameRng: Rng | null = null;
/** `serial`: the next serial number. */
let emailSerial = 0;
/** `provider`: mailbox (lower case, Gmail dots removed) → the person holding it. */
const mailboxOwner = new Map<string, Person>();
/** `provider`: local part@domain → the next number to try when it is taken. */
const nextSuffix = new Map<string, number>();

export interface SyntheticSet {
  records: SyntheticRecord[];
  /** Entity id per record: records with the same id are the same person. */
  entity: number[];
  /** With `people: true`: per entity id, the person's full name (Latin, lower case; pinyin for Chinese), city and script. */
  people?: { name: string; city: string; cn: boolean }[];
}

// [hanzi, pinyin]; the first entries are very common (namesakes).
const CN_SURNAMES: readonly (readonly [string, string, string])[] = [
  ['王', 'wang', '王'],
  ['李', 'li', '李'],
  ['张', 'zhang', '張'],
  ['刘', 'liu', '劉'],
  ['陈', 'chen', '陳'],
  ['杨', 'yang', '楊'],
  ['黄', 'huang', '黃'],
  ['赵', 'zhao', '趙'],
  ['吴', 'wu', '吳'],
  ['周', 'zhou', '周'],
  ['徐', 'xu', '徐'],
  ['孙', 'sun', '孫'],
  ['马', 'ma', '馬'],
  ['朱', 'zhu', '朱'],
  ['胡', 'hu', '胡'],
  ['郭', 'guo', '郭'],
  ['何', 'he', '何'],
  ['高', 'gao', '高'],
  ['林', 'lin', '林'],
  ['罗', 'luo', '羅'],
  ['郑', 'zheng', '鄭'],
  ['梁', 'liang', '梁'],
  ['谢', 'xie', '謝'],
  ['宋', 'song', '宋'],
  ['唐', 'tang', '唐'],
  ['许', 'xu', '許'],
  ['韩', 'han', '韓'],
  ['冯', 'feng', '馮'],
  ['邓', 'deng', '鄧'],
  ['曹', 'cao', '曹'],
  ['欧阳', 'ouyang', '歐陽'],
  ['司马', 'sima', '司馬'],
  ['诸葛', 'zhuge', '諸葛'],
  ['叶', 'ye', '葉'],
  ['苏', 'su', '蘇'],
];
const CN_GIVEN: readonly (readonly [string, string, string])[] = [
  ['伟', 'wei', '偉'],
  ['芳', 'fang', '芳'],
  ['娜', 'na', '娜'],
  ['秀英', 'xiuying', '秀英'],
  ['敏', 'min', '敏'],
  ['静', 'jing', '靜'],
  ['丽', 'li', '麗'],
  ['强', 'qiang', '強'],
  ['磊', 'lei', '磊'],
  ['军', 'jun', '軍'],
  ['洋', 'yang', '洋'],
  ['勇', 'yong', '勇'],
  ['艳', 'yan', '艷'],
  ['杰', 'jie', '傑'],
  ['娟', 'juan', '娟'],
  ['涛', 'tao', '濤'],
  ['明', 'ming', '明'],
  ['超', 'chao', '超'],
  ['秀兰', 'xiulan', '秀蘭'],
  ['霞', 'xia', '霞'],
  ['建华', 'jianhua', '建華'],
  ['志强', 'zhiqiang', '志強'],
  ['晓明', 'xiaoming', '曉明'],
  ['海燕', 'haiyan', '海燕'],
  ['丽娟', 'lijuan', '麗娟'],
  ['国庆', 'guoqing', '國慶'],
  ['子涵', 'zihan', '子涵'],
  ['浩然', 'haoran', '浩然'],
  ['雨桐', 'yutong', '雨桐'],
  ['思远', 'siyuan', '思遠'],
  ['嘉怡', 'jiayi', '嘉怡'],
  ['俊杰', 'junjie', '俊傑'],
  ['文博', 'wenbo', '文博'],
  ['欣怡', 'xinyi', '欣怡'],
  ['宇航', 'yuhang', '宇航'],
  ['梦琪', 'mengqi', '夢琪'],
];
// [formal, nickname or '']
const WEST_GIVEN: readonly (readonly [string, string])[] = [
  ['Robert', 'Bob'],
  ['William', 'Bill'],
  ['Elizabeth', 'Liz'],
  ['Margaret', 'Peggy'],
  ['Richard', 'Rick'],
  ['James', 'Jim'],
  ['John', 'Jack'],
  ['Michael', 'Mike'],
  ['Thomas', 'Tom'],
  ['Charles', 'Charlie'],
  ['Edward', 'Ted'],
  ['Joseph', 'Joe'],
  ['Daniel', 'Dan'],
  ['David', 'Dave'],
  ['Christopher', 'Chris'],
  ['Katherine', 'Kate'],
  ['Jennifer', 'Jenny'],
  ['Susan', 'Sue'],
  ['Rebecca', 'Becky'],
  ['Patricia', 'Tricia'],
  ['Anna', ''],
  ['Laura', ''],
  ['Sophie', ''],
  ['Lukas', ''],
  ['Felix', ''],
  ['Emma', ''],
  ['Olivia', 'Liv'],
  ['Alexander', 'Alex'],
  ['Samuel', 'Sam'],
  ['Victoria', 'Vicky'],
  ['Jonas', ''],
  ['Marie', ''],
  ['Paul', ''],
];
const WEST_FAMILY: readonly string[] = [
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Miller',
  'Wilson',
  'Anderson',
  'Thompson',
  'White',
  'Harris',
  'Martin',
  'Clarke',
  "O'Brien",
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Dubois',
  'Moreau',
  'García',
  'Rossi',
  'Novak',
  'Kowalski',
  'Jensen',
  'Nielsen',
  'McDonald',
  'Fitzgerald',
  'Henderson',
  'Richardson',
  'Whitaker',
  'Blackwood',
  'Ashworth',
  'Pemberton',
];
const CN_COMPANIES: readonly string[] = [
  '明远贸易',
  '华兴科技',
  '东方电子',
  '金鼎实业',
  '长城物流',
  '新世纪医药',
  '蓝天食品',
  '恒信建材',
  '天润软件',
  '宏达机械',
];
// [as first typed, as typed later]
const CN_SUFFIX_PAIRS: readonly (readonly [string, string])[] = [
  ['有限公司', ''],
  ['股份有限公司', '股份'],
  ['集团', '集团有限公司'],
  ['有限责任公司', '有限公司'],
];
const WEST_COMPANIES: readonly string[] = [
  'Acme Trading',
  'Northwind',
  'Blue Harbor Foods',
  'Keller Maschinenbau',
  'Summit Health',
  'Brightline Software',
  'Atlas Logistics',
  'Greenfield Farms',
  'Orion Devices',
  'Pioneer Tools',
];
const WEST_SUFFIX: readonly (readonly [string, string])[] = [
  ['Inc.', 'Inc'],
  ['LLC', 'L.L.C.'],
  ['Ltd', 'Limited'],
  ['GmbH', 'GmbH'],
  ['Co.', 'Company'],
  ['Corp.', 'Corporation'],
];
const CN_CITIES: readonly (readonly [string, string, string])[] = [
  ['北京', '100', '北京'],
  ['上海', '200', '上海'],
  ['广州', '510', '广东'],
  ['深圳', '518', '广东'],
  ['杭州', '310', '浙江'],
  ['成都', '610', '四川'],
];
const CN_STREETS: readonly string[] = [
  '中山路',
  '人民路',
  '解放路',
  '建国路',
  '长安街',
  '南京路',
  '和平路',
  '科技园路',
];
const WEST_PLACES: readonly (readonly [string, string, string, string])[] = [
  ['Berlin', '10', 'Berlin', 'DE'],
  ['Hamburg', '20', 'Hamburg', 'DE'],
  ['München', '80', 'Bayern', 'DE'],
  ['Sydney', '2', 'NSW', 'AU'],
  ['Melbourne', '3', 'VIC', 'AU'],
  ['London', 'SW', 'England', 'GB'],
  ['New York', '10', 'NY', 'US'],
];
const STREET_NAMES: readonly string[] = [
  'Oak',
  'Maple',
  'King',
  'Queen',
  'Station',
  'Park',
  'Church',
  'Mill',
  'Victoria',
  'High',
  'Garden',
  'River',
];
const STREET_TYPES: readonly (readonly [string, string])[] = [
  ['Street', 'St'],
  ['Road', 'Rd'],
  ['Avenue', 'Ave'],
  ['Drive', 'Dr'],
  ['Lane', 'Ln'],
  ['Place', 'Pl'],
];
const EMAIL_PROVIDERS: readonly string[] = [
  'gmail.com',
  'hotmail.com',
  'yahoo.com',
  'outlook.com',
  'qq.com',
  '163.com',
  'web.de',
  'gmx.de',
];
const DOMAIN_TYPOS: Record<string, string> = {
  'gmail.com': 'gmial.com',
  'hotmail.com': 'hotmial.com',
  'yahoo.com': 'yahooo.com',
  'qq.com': 'qq.con',
  'outlook.com': 'outlok.com',
  '163.com': '163.con',
  'web.de': 'web.de',
  'gmx.de': 'gmx.de',
};

/** Chinese fields (ChineseName): hanzi, pinyin, traditional of family and given. */
interface Person extends ChineseName {
  cn: boolean;
  /** The given name the fixed lists drew (pinyin or formal): decides the main stream's re-draws in both name modes. */
  listGiven: string;
  /** Western: formal given, nickname, family. */
  given: string;
  nick: string;
  family: string;
  email: string;
  phone: string;
  landline: string;
  company: string;
  companyAlt: string;
  streetNo: number;
  streetName: string;
  streetType: readonly [string, string];
  city: string;
  postcode: string;
  region: string;
  country: string;
  birth: string;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function mobile(rng: Rng, country: string): string {
  switch (country) {
    case 'CN':
      return `+86 1${rng.pick(['38', '39', '58', '86', '88', '36'])}${rng.digits(8)}`;
    case 'DE':
      return `+49 15${rng.int(1, 2)}${rng.digits(8)}`;
    case 'AU':
      return `+61 4${rng.int(0, 9)}${rng.digits(7)}`;
    case 'GB':
      return `+44 7${rng.int(4, 9)}${rng.digits(8)}`;
    default:
      return `+1 ${rng.pick(['212', '646', '718', '917'])} ${rng.int(2, 9)}${rng.digits(6)}`;
  }
}
function landline(rng: Rng, country: string): string {
  switch (country) {
    case 'CN':
      return `+86 ${rng.pick(['10', '21', '20'])} ${rng.int(5, 8)}${rng.digits(7)}`;
    case 'DE':
      return `+49 30 ${rng.int(2, 9)}${rng.digits(7)}`;
    case 'AU':
      return `+61 2 9${rng.digits(7)}`;
    case 'GB':
      return `+44 20 7${rng.digits(7)}`;
    default:
      return `+1 212 ${rng.int(2, 9)}${rng.digits(6)}`;
  }
}

/** Reformat an international number the way people type it. */
function phoneVariant(rng: Rng, e: string): string {
  const digits = e.replace(/\D/g, '');
  const m = /^\+(\d+) (.*)$/.exec(e);
  const cc = m?.[1] ?? '';
  const national = (m?.[2] ?? '').replace(/\D/g, '');
  switch (rng.int(0, 4)) {
    case 0:
      return `00${digits}`;
    case 1:
      return cc === '86' || cc === '1' ? national : `0${national}`;
    case 2:
      return `+${cc} ${national.replace(/(\d{3})(\d{3,4})(\d+)/, '$1-$2-$3')}`;
    case 3:
      return `+${digits}`;
    default:
      return `(+${cc}) ${national.slice(0, 3)} ${national.slice(3)}`;
  }
}

function typo(rng: Rng, s: string): string {
  if (s.length < 4) {
    // Too short to vary, but the draws are made as for a longer name so that the stream stays the
    // same whatever the names (long-tail names can be 3 letters, the fixed lists' never are).
    rng.next();
    if (rng.int(0, 2) === 2) rng.next();
    return s;
  }
  const i = rng.int(1, s.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1); // deletion
    case 1:
      return s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2); // swap
    default:
      return s.slice(0, i) + rng.pick(['a', 'e', 'i', 'o', 'n', 'r']) + s.slice(i + 1);
  }
}

function latinGiven(p: Person): string {
  return p.cn ? cap(p.givPy) : p.given;
}
function latinFamily(p: Person): string {
  return p.cn ? cap(p.famPy) : p.family;
}

/** The mailbox an address delivers to: providers ignore case, Gmail also dots in the local part. */
function mailbox(local: string, domain: string): string {
  return domain === 'gmail.com' ? `${local.replace(/\./g, '')}@${domain}` : `${local}@${domain}`;
}

/** `provider` mode: `local` at `domain` for `p`, or with the lowest free number if someone else holds it. */
function claimAddress(p: Person, local: string, domain: string): string {
  let candidate = local;
  const base = `${local}@${domain}`;
  for (let k = nextSuffix.get(base) ?? 2; ; k++) {
    const owner = mailboxOwner.get(mailbox(candidate, domain));
    if (owner === undefined || owner === p) break;
    candidate = `${local}${k}`;
    nextSuffix.set(base, k + 1);
  }
  mailboxOwner.set(mailbox(candidate, domain), p);
  return `${candidate}@${domain}`;
}

function emailFor(rng: Rng, p: Person): string {
  const g = latinGiven(p)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
  const f = latinFamily(p)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
  const local = rng.pick([
    `${g}.${f}`,
    `${g}${f}${rng.int(1, 99)}`,
    `${g.charAt(0)}${f}`,
    `${f}.${g}${rng.int(60, 99)}`,
  ]);
  const domain = rng.pick(EMAIL_PROVIDERS);
  if (emailMode === 'serial') return `${local}.${String(emailSerial++)}@${domain}`;
  if (emailMode === 'provider') return claimAddress(p, local, domain);
  return `${local}@${domain}`;
}

function newPerson(rng: Rng, nameFrom?: Person): Person {
  const cn = nameFrom ? nameFrom.cn : rng.chance(0.5);
  // Very common names are over-represented so that namesakes occur (Zhang Wei, Wang Fang …).
  // The list draws happen in both modes, so the main stream is the same whatever the names' mode.
  let sur = nameFrom && nameFrom.cn ? undefined : rng.chance(0.4) ? CN_SURNAMES[rng.int(0, 4)] : rng.pick(CN_SURNAMES);
  let giv = rng.chance(0.3) ? CN_GIVEN[rng.int(0, 2)] : rng.pick(CN_GIVEN);
  let [given, nick] = rng.pick(WEST_GIVEN);
  const listGiv = giv;
  const listGivenWest = given;
  let family = rng.chance(0.3) ? (WEST_FAMILY[rng.int(0, 2)] ?? 'Smith') : rng.pick(WEST_FAMILY);
  if (nameRng !== null) {
    if (sur !== undefined) {
      const s = drawChineseSurname(nameRng);
      sur = [s.famHan, s.famPy, s.famTrad];
    }
    const g = drawChineseGiven(nameRng);
    giv = [g.givHan, g.givPy, g.givTrad];
    [given, nick] = drawWesternGiven(nameRng);
    family = drawWesternFamily(nameRng);
  }
  const place = cn
    ? (() => {
        const c = rng.pick(CN_CITIES);
        return [c[0], `${c[1]}${rng.digits(3)}`, c[2], 'CN'] as const;
      })()
    : (() => {
        const w = rng.pick(WEST_PLACES);
        return [
          w[0],
          w[3] === 'GB' ? `${w[1]}${rng.int(1, 20)} ${rng.int(1, 9)}AB` : `${w[1]}${rng.digits(w[3] === 'AU' ? 3 : 3)}`,
          w[2],
          w[3],
        ] as const;
      })();
  const companyBase = cn ? rng.pick(CN_COMPANIES) : rng.pick(WEST_COMPANIES);
  const suffix = rng.pick(WEST_SUFFIX);
  const cnSuffix = rng.pick(CN_SUFFIX_PAIRS);
  const p: Person = {
    cn,
    listGiven: cn ? (listGiv?.[1] ?? '') : listGivenWest,
    famHan: nameFrom?.famHan ?? sur?.[0] ?? '',
    famPy: nameFrom?.famPy ?? sur?.[1] ?? '',
    famTrad: nameFrom?.famTrad ?? sur?.[2] ?? '',
    givHan: giv?.[0] ?? '',
    givPy: giv?.[1] ?? '',
    givTrad: giv?.[2] ?? '',
    given,
    nick,
    family: nameFrom?.family ?? family,
    email: '',
    phone: mobile(rng, place[3]),
    landline: landline(rng, place[3]),
    company: cn ? `${companyBase}${cnSuffix[0]}` : `${companyBase} ${suffix[0]}`,
    companyAlt: cn ? `${companyBase}${cnSuffix[1]}` : `${companyBase.toUpperCase()} ${suffix[1]}`,
    streetNo: rng.int(1, 300),
    streetName: cn ? rng.pick(CN_STREETS) : rng.pick(STREET_NAMES),
    streetType: rng.pick(STREET_TYPES),
    city: place[0],
    postcode: place[1],
    region: place[2],
    country: place[3],
    birth: rng.chance(0.6)
      ? `${rng.int(1950, 2002)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
      : '',
  };
  p.email = emailFor(rng, p);
  return p;
}

/** True when two people of one family have the same given name (as the engine would read it). */
function sameGiven(p: Person, other: Person): boolean {
  return p.cn ? p.givPy === other.givPy : p.given === other.given;
}

/** A new long-tail given name for p. */
function redrawGiven(names: Rng, p: Person): void {
  if (p.cn) Object.assign(p, drawChineseGiven(names));
  else [p.given, p.nick] = drawWesternGiven(names);
}

function street(p: Person, abbreviated: boolean): string {
  if (p.cn) return `${p.streetName}${p.streetNo}号`;
  const type = abbreviated ? p.streetType[1] : p.streetType[0];
  return p.country === 'DE'
    ? `${p.streetName}${abbreviated ? 'str.' : 'straße'} ${p.streetNo}`
    : `${p.streetNo} ${p.streetName} ${type}`;
}

/** The record as first captured. */
function baseRecord(rng: Rng, p: Person): SyntheticRecord {
  const cnHan = p.cn && rng.chance(0.7);
  return {
    givenName: p.cn ? (cnHan ? p.givHan : latinGiven(p)) : p.given,
    familyName: p.cn ? (cnHan ? p.famHan : latinFamily(p)) : p.family,
    email: rng.chance(0.85) ? p.email : '',
    phone: rng.chance(0.85) ? p.phone : '',
    company: rng.chance(0.6) ? p.company : '',
    street: rng.chance(0.7) ? street(p, false) : '',
    city: p.city,
    postcode: rng.chance(0.8) ? p.postcode : '',
    region: p.region,
    country: p.country,
    birthDate: p.birth,
    tags: '',
    notes: '',
  };
}

function emailVariant(rng: Rng, email: string): string {
  const [local = '', domain = ''] = email.split('@');
  switch (rng.int(0, 4)) {
    case 0:
      return domain === 'gmail.com' ? `${local.replace(/\./g, '')}@${domain}` : email.toUpperCase();
    case 1:
      return `${local}+${rng.pick(['expo', 'work', 'news'])}@${domain === 'gmail.com' ? rng.pick(['gmail.com', 'googlemail.com']) : domain}`;
    case 2:
      return `${local}@${DOMAIN_TYPOS[domain] ?? domain}`;
    case 3:
      return `${cap(local)}@${domain.toUpperCase()}`;
    default:
      return email;
  }
}

/** A later capture of the same person, by someone else, somewhere else. */
function duplicateRecord(rng: Rng, p: Person, base: SyntheticRecord): SyntheticRecord {
  const r = { ...base };
  // Names: script, order, traditional characters, nicknames, typos, whole name in one field.
  if (p.cn) {
    switch (rng.int(0, 5)) {
      case 0:
        r.givenName = p.givHan;
        r.familyName = p.famHan;
        break;
      case 1:
        r.givenName = cap(p.givPy);
        r.familyName = cap(p.famPy);
        break;
      case 2:
        r.givenName = cap(p.famPy);
        r.familyName = cap(p.givPy);
        break; // "Wei Zhang" typed the other way
      case 3:
        r.givenName = p.givTrad;
        r.familyName = p.famTrad;
        break;
      case 4:
        r.givenName = '';
        r.familyName = p.famHan + p.givHan;
        break;
      default:
        r.givenName = `${cap(p.famPy)} ${cap(p.givPy)}`;
        r.familyName = '';
        break;
    }
  } else {
    switch (rng.int(0, 4)) {
      case 0:
        r.givenName = p.nick !== '' ? p.nick : p.given;
        break;
      case 1:
        r.familyName = typo(rng, p.family);
        break;
      case 2:
        r.givenName = p.given.toUpperCase();
        r.familyName = p.family.toUpperCase();
        break;
      case 3:
        r.givenName = typo(rng, p.given);
        break;
      default:
        break;
    }
  }
  // Contact details: keep at least one of email/phone recognisable, vary formats.
  const keepEmail = rng.chance(0.75);
  const keepPhone = !keepEmail || rng.chance(0.6);
  r.email = keepEmail ? emailVariant(rng, p.email) : rng.chance(0.5) ? '' : emailFor(rng, p);
  r.phone = keepPhone ? phoneVariant(rng, p.phone) : rng.chance(0.5) ? '' : p.landline;
  r.company = rng.chance(0.5) ? p.companyAlt : rng.chance(0.5) ? p.company : '';
  r.street = rng.chance(0.6) ? street(p, rng.chance(0.5)) : '';
  r.postcode = rng.chance(0.7) ? p.postcode : '';
  if (p.birth !== '' && rng.chance(0.3)) {
    const [y, m, d] = p.birth.split('-');
    // Day and month swapped when that is still a date, else left out.
    r.birthDate = rng.chance(0.5) || Number(d) > 12 ? '' : `${y ?? ''}-${d ?? ''}-${m ?? ''}`;
  }
  if (rng.chance(0.2)) r.city = '';
  return r;
}

/** Generate `records` customers; ~duplicateRate of people have 1–2 duplicates; hard negatives included. */
export function generateSynthetic(opts: SyntheticOptions = {}): SyntheticSet {
  emailMode = opts.emails ?? 'provider';
  // A stream of its own, derived from the seed, so that the other draws stay those of `lists`.
  nameRng = opts.names === 'long-tail' ? new Rng(((opts.seed ?? 42) ^ 0x5bd1e995) >>> 0) : null;
  emailSerial = 0;
  mailboxOwner.clear();
  nextSuffix.clear();
  let familyMembers = 0;
  const rng = new Rng(opts.seed ?? 42);
  const target = opts.records ?? 3000;
  const dupRate = opts.duplicateRate ?? 0.25;
  const records: SyntheticRecord[] = [];
  const entity: number[] = [];
  let next = 0;
  const emit = (r: SyntheticRecord, id: number): void => {
    records.push(r);
    entity.push(id);
  };
  const people: Person[] = [];
  const peopleOut: { name: string; city: string; cn: boolean }[] | undefined = opts.people === true ? [] : undefined;
  while (records.length < target) {
    const id = next++;
    const roll = rng.next();
    let p: Person;
    if (roll < 0.08 && people.length > 0) {
      // Family member: same family name, address and landline as someone already present.
      const other = rng.pick(people);
      p = newPerson(rng, other);
      // A relative has another given name (else they would be indistinguishable from a duplicate).
      // The re-draws follow the fixed lists' names in both modes (the main stream stays the same); a
      // long-tail name that still equals the relative's is drawn again from the names' stream.
      for (let tries = 0; tries < 10 && p.listGiven === other.listGiven; tries++) {
        const again = newPerson(rng, other);
        Object.assign(p, {
          listGiven: again.listGiven,
          givHan: again.givHan,
          givPy: again.givPy,
          givTrad: again.givTrad,
          given: again.given,
          nick: again.nick,
        });
      }
      for (let tries = 0; nameRng !== null && tries < 10 && sameGiven(p, other); tries++) redrawGiven(nameRng, p);
      p.email = emailFor(rng, p);
      // A household's shared mailbox: one family member in four (counted, not drawn, so the random
      // draws stay those of the other modes). Off in `name-only`/`serial`, which reproduce older sets.
      if (emailMode === 'provider' && familyMembers++ % 4 === 3) p.email = other.email;
      Object.assign(p, {
        streetNo: other.streetNo,
        streetName: other.streetName,
        streetType: other.streetType,
        city: other.city,
        postcode: other.postcode,
        region: other.region,
        country: other.country,
        landline: other.landline,
      });
      const r = baseRecord(rng, p);
      r.phone = p.landline;
      r.street = street(p, false);
      r.postcode = p.postcode;
      emit(r, id);
    } else if (roll < 0.16 && people.length > 0) {
      // Colleague: same company, company address and switchboard.
      const other = rng.pick(people);
      p = newPerson(rng);
      Object.assign(p, {
        company: other.company,
        companyAlt: other.companyAlt,
        streetNo: other.streetNo,
        streetName: other.streetName,
        streetType: other.streetType,
        city: other.city,
        postcode: other.postcode,
        region: other.region,
        country: other.country,
      });
      const r = baseRecord(rng, p);
      r.company = p.company;
      r.street = street(p, false);
      if (rng.chance(0.5)) r.phone = other.landline;
      emit(r, id);
    } else {
      p = newPerson(rng);
      emit(baseRecord(rng, p), id);
    }
    people.push(p);
    peopleOut?.push({
      name: (p.cn ? `${p.famPy} ${p.givPy}` : `${p.given} ${p.family}`).toLowerCase(),
      city: p.city,
      cn: p.cn,
    });
    if (rng.chance(dupRate)) {
      const base = records[records.length - 1] as SyntheticRecord;
      const copies = rng.chance(0.8) ? 1 : 2;
      for (let k = 0; k < copies; k++) emit(duplicateRecord(rng, p, base), id);
    }
  }
  // The address book holds every person: let it go (at 1M records it kept ~0.5 GB alive in the
  // scale harness, which measures the scan's memory after generating).
  mailboxOwner.clear();
  nextSuffix.clear();
  // Shuffle so duplicates are not adjacent (Fisher–Yates, seeded).
  for (let i = records.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [records[i], records[j]] = [records[j] as SyntheticRecord, records[i] as SyntheticRecord];
    [entity[i], entity[j]] = [entity[j] ?? 0, entity[i] ?? 0];
  }
  return peopleOut === undefined ? { records, entity } : { records, entity, people: peopleOut };
}

/** Every pair of records that belong to the same person (`entity` from generateSynthetic), as record indexes. */
export function truePairsOf(entity: readonly number[]): [number, number][] {
  const byEntity = new Map<number, number[]>();
  entity.forEach((e, i) => {
    const l = byEntity.get(e);
    if (l === undefined) byEntity.set(e, [i]);
    else l.push(i);
  });
  const pairs: [number, number][] = [];
  for (const l of byEntity.values())
    for (let x = 0; x < l.length; x++) for (let y = x + 1; y < l.length; y++) pairs.push([l[x] ?? 0, l[y] ?? 0]);
  return pairs;
}
