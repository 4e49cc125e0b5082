// What a backup's documents must look like before anything is written: the subset of JSON Schema
// the app's RxDB schemas use (type, properties, required, additionalProperties, items, enum,
// maxLength/minLength, minimum/maximum/multipleOf), checked here because the production build
// writes without RxDB's validator. Plus the rules no schema states: no `__proto__`, `constructor`
// or `prototype` key anywhere, and bounded string lengths. Pure; test/unit/backup feeds it hostile
// values (fast-check).
// src/data/sync/validate.ts is the same walk for documents pulled from a sync server, kept apart
// for now: it lets unknown types and the forbidden keys through (the server's own document shapes
// decide), and its messages are what the quarantine list shows (see there).

export interface JsonSchemaLike {
  type?: string;
  properties?: Record<string, JsonSchemaLike>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchemaLike;
  enum?: readonly unknown[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
}

/** Keys that could reach an object's prototype if a later step copied them carelessly. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** A single string value in a backup; notes and stored import plans stay far below it. */
export const MAX_STRING = 4_000_000;

const typeOk = (type: string, v: unknown): boolean => {
  switch (type) {
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
      return false;
  }
};

/**
 * The first problem with `value` against `schema`, as a path and what is wrong, or null when it
 * fits. Schemas without a `type` accept any JSON value that passes the key and length rules.
 */
export function shapeProblem(value: unknown, schema: JsonSchemaLike, path = ''): string | null {
  if (schema.type && !typeOk(schema.type, value)) return `${path || 'document'}: not ${schema.type}`;
  if (schema.enum && !schema.enum.includes(value)) return `${path}: not one of the allowed values`;
  if (typeof value === 'string') {
    if (value.length > (schema.maxLength ?? MAX_STRING)) return `${path}: too long`;
    if (schema.minLength !== undefined && value.length < schema.minLength) return `${path}: too short`;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${path}: below ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${path}: above ${schema.maximum}`;
    if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) return `${path}: not a whole step`;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = shapeProblem(value[i], schema.items ?? {}, `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    const props = schema.properties;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `${path}.${key}: forbidden key`;
      const sub = props?.[key];
      if (!sub && schema.additionalProperties === false) return `${path}.${key}: unknown field`;
      const p = shapeProblem((value as Record<string, unknown>)[key], sub ?? {}, `${path}.${key}`);
      if (p) return p;
    }
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(value, key)) return `${path}.${key}: missing`;
    }
  }
  return null;
}
