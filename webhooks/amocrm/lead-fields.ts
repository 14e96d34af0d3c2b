// One lead of a webhook body: its fields collected as amoCRM wrote them, then checked with zod.
// Only what WebhookLead needs is kept; amoCRM adds fields over time and extra keys are skipped.
import * as z from 'zod';
import type { WebhookLead } from './webhook-body';

export type LeadAction = WebhookLead['action'];
export const LEAD_ACTIONS: readonly string[] = ['status', 'add', 'update'] satisfies LeadAction[];

/** `[0]`, `[1]` … as amoCRM numbers leads, custom fields and their values. */
export const INDEX = /^\d{1,6}$/;

export interface RawLead {
  action: LeadAction;
  /** As written, so that problems name the lead the way amoCRM did. */
  index: string;
  /** The plain fields LeadFields reads, by amoCRM's name. */
  fields: Map<string, string>;
  /** By the custom field's index in the body. */
  customFields: Map<string, { id?: string; values: Map<string, string> }>;
}

/** The value a problem quotes, cut short: an abusive value does not come back whole. */
const got = (input: unknown) =>
  JSON.stringify(typeof input === 'string' && input.length > 40 ? `${input.slice(0, 40)}…` : input);
const present = z.string({ error: () => 'missing' });
export const positiveInt = present
  .regex(/^[1-9]\d{0,14}$/, { error: (i) => `expected a positive integer, got ${got(i.input)}` })
  .transform(Number);
const count = present
  .regex(/^(0|[1-9]\d{0,14})$/, { error: (i) => `expected a non-negative integer, got ${got(i.input)}` })
  .transform(Number);
/** amoCRM writes an empty string for an id it does not have (Digital Pipeline's old_* fields). */
const optionalCount = z.preprocess((v) => (v === '' ? undefined : v), count.optional());

const LeadFields = z.object({
  id: positiveInt,
  status_id: positiveInt,
  name: z.string().optional(),
  pipeline_id: optionalCount,
  old_status_id: optionalCount,
  old_pipeline_id: optionalCount,
  price: optionalCount,
  last_modified: optionalCount,
  updated_at: optionalCount,
});
const READ_FIELDS: ReadonlySet<string> = new Set(Object.keys(LeadFields.shape));

/** Notes one field of a lead (`rest` is the path after `leads[action][index]`); returns a problem, if any. */
export function noteLeadField(lead: RawLead, rest: string[], value: string, key: string): string | undefined {
  const [field, cfIndex, cfPart, valueIndex, valuePart] = rest;
  if (field === undefined) return `${key}: expected a field name after the lead index`;
  if (rest.length === 1) return READ_FIELDS.has(field) ? setOnce(lead.fields, field, value, key) : undefined;
  if (field !== 'custom_fields' || cfIndex === undefined) return undefined; // tags[…] and future nested fields
  if (!INDEX.test(cfIndex)) return `${key}: expected a custom field index, got ${got(cfIndex)}`;
  const cf = lead.customFields.get(cfIndex) ?? { values: new Map<string, string>() };
  lead.customFields.set(cfIndex, cf);
  if (cfPart === 'id' && rest.length === 3) {
    if (cf.id !== undefined) return `${key}: given more than once`;
    cf.id = value;
  }
  if (cfPart === 'values' && valuePart === 'value' && rest.length === 5 && valueIndex !== undefined) {
    if (!INDEX.test(valueIndex)) return `${key}: expected a value index, got ${got(valueIndex)}`;
    return setOnce(cf.values, valueIndex, value, key);
  }
  return undefined; // name, code, values[j][enum]
}

function setOnce(into: Map<string, string>, name: string, value: string, key: string): string | undefined {
  if (into.has(name)) return `${key}: given more than once`;
  into.set(name, value);
  return undefined;
}

export function toWebhookLead(raw: RawLead): { ok: true; lead: WebhookLead } | { ok: false; problems: string[] } {
  const prefix = `leads[${raw.action}][${raw.index}]`;
  const parsed = LeadFields.safeParse(Object.fromEntries(raw.fields));
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${prefix}[${i.path.join('][')}]: ${i.message}`);
  const customFields: Record<number, string[]> = {};
  for (const [index, cf] of byIndex(raw.customFields)) {
    const id = positiveInt.safeParse(cf.id);
    if (!id.success) problems.push(`${prefix}[custom_fields][${index}][id]: ${id.error.issues[0]?.message}`);
    else customFields[id.data] = [...(customFields[id.data] ?? []), ...byIndex(cf.values).map(([, v]) => v)];
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const f = parsed.data;
  // The Digital Pipeline sends ids only (doc §7.3); an account webhook always writes name and price.
  const idsOnly = !raw.fields.has('name') && !raw.fields.has('price') && raw.customFields.size === 0;
  const dp = raw.action === 'status' && idsOnly;
  const optional = defined({
    pipelineId: f.pipeline_id,
    oldStatusId: f.old_status_id,
    oldPipelineId: f.old_pipeline_id,
    price: f.price,
    modifiedAt: f.last_modified ?? f.updated_at,
  });
  return { ok: true, lead: { action: raw.action, dp, id: f.id, statusId: f.status_id, ...optional, customFields } };
}

/** Without the keys whose value is undefined: an absent field stays absent in the lead. */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Entries in amoCRM's index order ([2] before [10]), whatever order the body had. */
function byIndex<T>(map: Map<string, T>): [string, T][] {
  return [...map].sort(([a], [b]) => Number(a) - Number(b));
}
