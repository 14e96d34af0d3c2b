// Validation of custom_fields_values on writes: field by id or code, value type per field
// type, multitext enums by enum_code or enum_id. Problems are reported with amoCRM paths.
import { type FieldDef, fieldByCode, fieldById } from './field-defs';
import type { EntityKind, StoredField, StoredValue } from './models';
import { CHOICE, CHOICE_DETAIL, type Issues } from './validation';

/** One field to overwrite; `values: null` (or []) clears it. */
export interface FieldWrite {
  field_id: number;
  values: StoredValue[] | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseFieldWrites(entity: EntityKind, raw: unknown, issues: Issues, prefix: string): FieldWrite[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.add(prefix, 'InvalidType', 'This value should be of type array.');
    return [];
  }
  const writes: FieldWrite[] = [];
  raw.forEach((item: unknown, i) => {
    const write = parseOne(entity, item, issues, `${prefix}.${i}`);
    if (write) writes.push(write);
  });
  return writes;
}

function resolveField(entity: EntityKind, item: Record<string, unknown>, issues: Issues, at: string): FieldDef | undefined {
  const { field_id: id, field_code: code } = item;
  if (id !== undefined && id !== null) {
    if (typeof id !== 'number' || !Number.isInteger(id)) return void issues.add(`${at}.field_id`, 'InvalidType', 'This value should be of type int.');
    const def = fieldById(entity, id);
    if (!def) issues.add(`${at}.field_id`, CHOICE, CHOICE_DETAIL);
    return def;
  }
  if (typeof code === 'string') {
    const def = fieldByCode(entity, code);
    if (!def) issues.add(`${at}.field_code`, CHOICE, CHOICE_DETAIL);
    return def;
  }
  issues.add(`${at}.field_id`, 'NotBlank', 'This value should not be blank.');
  return undefined;
}

function parseOne(entity: EntityKind, item: unknown, issues: Issues, at: string): FieldWrite | undefined {
  if (!isObject(item)) return void issues.add(at, 'InvalidType', 'This value should be of type object.');
  const def = resolveField(entity, item, issues, at);
  const { values } = item;
  if (values === null) return def && { field_id: def.id, values: null };
  if (!Array.isArray(values)) return void issues.add(`${at}.values`, 'InvalidType', 'This value should be of type array.');
  if (!def) return undefined;
  const before = issues.count;
  const parsed = values.map((v: unknown, j) => parseValue(def, v, issues, `${at}.values.${j}`));
  if (issues.count > before) return undefined;
  return { field_id: def.id, values: parsed.filter((v): v is StoredValue => v !== undefined) };
}

function parseValue(def: FieldDef, raw: unknown, issues: Issues, at: string): StoredValue | undefined {
  if (!isObject(raw)) return void issues.add(at, 'InvalidType', 'This value should be of type object.');
  const { value } = raw;
  if (value === undefined || value === null || value === '') return void issues.add(`${at}.value`, 'NotBlank', 'This value should not be blank.');
  if (def.type === 'numeric') {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) return void issues.add(`${at}.value`, 'InvalidType', 'This value should be of type numeric.');
    return { value: typeof value === 'string' ? value : n };
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return void issues.add(`${at}.value`, 'InvalidType', 'This value should be of type string.');
  }
  if (def.type !== 'multitext') return { value: String(value) };
  return parseEnum(def, raw, String(value), issues, at);
}

function parseEnum(def: FieldDef, raw: Record<string, unknown>, value: string, issues: Issues, at: string): StoredValue | undefined {
  const enums = def.enums ?? [];
  // The SDK sends `"enum_id": null` next to enum_code; older examples use `enum` for the code.
  const code = raw.enum_code ?? raw.enum;
  if (raw.enum_id !== undefined && raw.enum_id !== null) {
    const byId = enums.find((e) => e.id === raw.enum_id);
    if (!byId) return void issues.add(`${at}.enum_id`, CHOICE, CHOICE_DETAIL);
    return { value, enum_id: byId.id, enum_code: byId.value };
  }
  if (code !== undefined && code !== null) {
    const byCode = typeof code === 'string' ? enums.find((e) => e.value === code.toUpperCase()) : undefined;
    if (!byCode) return void issues.add(`${at}.enum_code`, CHOICE, CHOICE_DETAIL);
    return { value, enum_id: byCode.id, enum_code: byCode.value };
  }
  const fallback = enums[0]!; // amoCRM files an enum-less phone/email under WORK
  return { value, enum_id: fallback.id, enum_code: fallback.value };
}

/** Applies writes field by field: a written field is replaced whole, others are kept. */
export function mergeFields(existing: StoredField[], writes: FieldWrite[]): StoredField[] {
  const byId = new Map(existing.map((f) => [f.field_id, f]));
  for (const w of writes) {
    if (w.values === null || w.values.length === 0) byId.delete(w.field_id);
    else byId.set(w.field_id, { field_id: w.field_id, values: w.values });
  }
  return [...byId.values()];
}
