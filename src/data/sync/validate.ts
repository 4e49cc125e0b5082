// A small JSON-schema check of documents pulled from the server against the app's own schemas
// (types, enums, bounds, required, no extra fields). The production build has no validating
// storage, so without this a document written by another tool could reach the UI broken; with the
// validating storage (dev, tests) it would make the pull fail forever (RxDB: RC_PULL). A document
// that fails is quarantined (pull.ts) and the others keep flowing.
//
// workers/backup/shape.ts checks the same schema subset for a backup being restored, with a
// different policy: it also refuses `__proto__`/`constructor`/`prototype` keys, strings over 4 MB
// without a maxLength, a broken multipleOf and unknown types, and its messages are not the ones
// the quarantine list shows. They stay two until one shared check with these as options is
// written (workers may not import src/data; src/domain would hold it).

interface Prop {
  type?: string;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Prop;
  properties?: Readonly<Record<string, Prop>>;
  required?: readonly string[];
  additionalProperties?: boolean;
}

function typeOk(type: string | undefined, v: unknown): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

/** null when `value` fits `schema`, else what is wrong (first problem found, with its path). */
export function schemaProblem(schema: Prop, value: unknown, path = ''): string | null {
  const at = path || 'document';
  if (!typeOk(schema.type, value))
    return `${at}: expected ${schema.type ?? '?'}, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`;
  if (schema.enum && !schema.enum.includes(value))
    return `${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: below ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: above ${schema.maximum}`;
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      return `${at}: longer than ${schema.maxLength}`;
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return `${at}: shorter than ${schema.minLength}`;
  }
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const p = schemaProblem(schema.items, value[i], `${at}[${i}]`);
      if (p) return p;
    }
  }
  if (schema.properties && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const field of schema.required ?? [])
      if (obj[field] === undefined) return `missing field ${path ? `${path}.` : ''}${field}`;
    for (const [field, v] of Object.entries(obj)) {
      const prop = schema.properties[field];
      if (!prop) {
        if (schema.additionalProperties === false) return `unknown field ${path ? `${path}.` : ''}${field}`;
        continue;
      }
      const p = schemaProblem(prop, v, path ? `${path}.${field}` : field);
      if (p) return p;
    }
  }
  return null;
}
