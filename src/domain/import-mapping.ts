// Which column of an imported file fills which customer field: suggestions from English and
// Chinese headers, a header signature (a saved mapping is offered again for a file with the same
// headers), and one mapped row → the form's input. Pure.
import type { CustomerInput } from './types';
import { CANONICAL_COLUMNS } from './customer-fields';
import { splitChineseName } from './names';
import { collapseSpaces, fold, isCjk } from './text';
import { unneutralizeCell } from './spreadsheet-cell';

/**
 * What a column can fill: the canonical columns, a whole name (split into family and given name),
 * a job title, or nothing ('ignore'). Several columns may fill the same field: the first non-empty
 * phone or email is the primary one and the others become other phones / emails; tags and notes
 * are joined.
 */
export const IMPORT_FIELDS = [...CANONICAL_COLUMNS, 'fullName', 'jobTitle', 'ignore'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index → field (one entry per column of the file). */
export type ColumnMapping = ImportField[];

// Header words per field; compared folded (lower case, accents and punctuation dropped, spaces
// removed). Chinese Excel headers come first-class: 姓名, 手机, 邮箱 …
const SYNONYMS: Record<Exclude<ImportField, 'ignore'>, readonly string[]> = {
  fullName: [
    'name',
    'fullname',
    'customer',
    'customername',
    'contact',
    'contactname',
    '姓名',
    '名字',
    '客户',
    '客户名称',
    '客户姓名',
    '联系人',
    '全名',
  ],
  familyName: ['familyname', 'surname', 'lastname', 'last', 'family', '姓', '姓氏'],
  givenName: ['givenname', 'firstname', 'first', 'forename', 'given', '名'],
  phone: [
    'phone',
    'otherphones',
    'mobile',
    'tel',
    'telephone',
    'cell',
    'cellphone',
    'phonenumber',
    'mobilephone',
    'mobilenumber',
    '电话',
    '手机',
    '手机号',
    '手机号码',
    '电话号码',
    '联系电话',
    '移动电话',
    '座机',
  ],
  email: [
    'email',
    'otheremails',
    'emailaddress',
    'mail',
    'e-mail',
    '邮箱',
    '电子邮件',
    '电子邮箱',
    '邮件',
    'email地址',
  ],
  company: [
    'company',
    'organization',
    'organisation',
    'employer',
    'account',
    'companyname',
    '公司',
    '单位',
    '公司名称',
    '工作单位',
    '企业',
  ],
  jobTitle: ['jobtitle', 'title', 'position', 'role', 'job', '职位', '职务', '岗位', '头衔'],
  street: ['address', 'street', 'streetaddress', 'address1', 'addressline1', '地址', '街道', '详细地址', '住址'],
  city: ['city', 'town', '城市', '市'],
  postcode: ['postcode', 'zip', 'zipcode', 'postalcode', 'postal', 'plz', '邮编', '邮政编码'],
  region: ['region', 'province', 'state', 'county', '省', '省份', '地区', '州'],
  country: ['country', 'nation', 'land', '国家', '国家地区', '国籍'],
  birthDate: ['birthday', 'birthdate', 'dateofbirth', 'dob', 'born', '生日', '出生日期', '出生年月'],
  tags: ['tags', 'tag', 'labels', 'label', 'groups', '标签', '分组'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks', 'remark', 'memo', '备注', '说明', '附注'],
};

const headerKey = (h: string): string => fold(h).replace(/[\s_\-./:：()（）]/g, '');

const LOOKUP: ReadonlyMap<string, ImportField> = new Map(
  (Object.entries(SYNONYMS) as [ImportField, readonly string[]][]).flatMap(([field, words]) =>
    words.map((w) => [headerKey(w), field] as const),
  ),
);

/** The field a header names, or 'ignore'. The canonical column names themselves are recognised too. */
export function suggestField(header: string): ImportField {
  const key = headerKey(header);
  if (key === '') return 'ignore';
  const canonical = IMPORT_FIELDS.find((f) => f.toLowerCase() === key);
  return canonical ?? LOOKUP.get(key) ?? 'ignore';
}

/**
 * Suggestions for every column. A field that takes one column (all but phone, email, tags, notes)
 * is suggested once, for its first column; a whole-name column is dropped when family and given
 * name columns exist.
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const seen = new Set<ImportField>();
  const out = headers.map((h) => {
    const f = suggestField(h);
    if (f !== 'ignore' && !MULTI.has(f) && seen.has(f)) return 'ignore';
    seen.add(f);
    return f;
  });
  if (seen.has('familyName') && seen.has('givenName')) return out.map((f) => (f === 'fullName' ? 'ignore' : f));
  return out;
}

const MULTI: ReadonlySet<ImportField> = new Set(['phone', 'email', 'tags', 'notes', 'ignore']);

/** A file's header signature: its folded headers in order. A saved mapping is keyed by it. */
export function headerSignature(headers: readonly string[]): string {
  return headers.map(headerKey).join('\u001f');
}

/**
 * A whole name in one cell → family and given name: Chinese names by the form's splitter (compound
 * surnames included), "Family, Given" by the comma, other Latin names last word = family name.
 */
export function splitWholeName(full: string): { familyName: string; givenName: string } {
  const s = collapseSpaces(full);
  if (s === '') return { familyName: '', givenName: '' };
  if (isCjk(s) && !/\p{Script=Latin}/u.test(s)) return splitChineseName(s);
  const comma = s.indexOf(',');
  if (comma > 0) return { familyName: s.slice(0, comma).trim(), givenName: s.slice(comma + 1).trim() };
  const space = s.lastIndexOf(' ');
  if (space < 0) return { familyName: '', givenName: s };
  return { familyName: s.slice(space + 1), givenName: s.slice(0, space) };
}

/** One mapped row: the form's input, plus what the form has no field for. */
export interface MappedRow {
  input: CustomerInput;
  jobTitle: string;
  otherPhones: string[];
  otherEmails: string[];
  /** A whole-name column was split. */
  nameSplit: boolean;
}

/** Several phone numbers or emails in one cell, separated by ; or ； (how the export writes other phones). */
const splitList = (v: string): string[] =>
  v
    .split(/[;；]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Apply a mapping to one row of cells (missing cells are empty). Cells are kept as text. */
export function mapRow(cells: readonly string[], mapping: ColumnMapping): MappedRow {
  const input: CustomerInput = {
    givenName: '',
    familyName: '',
    email: '',
    phone: '',
    company: '',
    street: '',
    city: '',
    postcode: '',
    region: '',
    country: '',
    birthDate: '',
    tags: '',
    notes: '',
  };
  const out: MappedRow = { input, jobTitle: '', otherPhones: [], otherEmails: [], nameSplit: false };
  let fullName = '';
  for (let i = 0; i < mapping.length; i++) {
    const field = mapping[i];
    const raw = cells[i];
    if (field === undefined || field === 'ignore' || raw === undefined) continue;
    const v = unneutralizeCell(raw).trim();
    if (v === '') continue;
    switch (field) {
      case 'fullName':
        fullName ||= v;
        break;
      case 'jobTitle':
        out.jobTitle ||= v;
        break;
      case 'phone':
        for (const p of splitList(v)) {
          if (input.phone === '') input.phone = p;
          else out.otherPhones.push(p);
        }
        break;
      case 'email':
        for (const e of splitList(v)) {
          if (input.email === '') input.email = e;
          else out.otherEmails.push(e);
        }
        break;
      case 'tags':
        input.tags = input.tags === '' ? v : `${input.tags};${v}`;
        break;
      case 'notes':
        input.notes = input.notes === '' ? v : `${input.notes}\n${v}`;
        break;
      default:
        if (input[field] === '') input[field] = v;
    }
  }
  if (fullName !== '' && input.givenName === '' && input.familyName === '') {
    const split = splitWholeName(fullName);
    input.givenName = split.givenName;
    input.familyName = split.familyName;
    out.nameSplit = true;
  }
  return out;
}
