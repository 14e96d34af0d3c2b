// The bodies amoCRM POSTs to our webhook (doc §7): account webhooks in the legacy v2 shape and
// Digital Pipeline hooks with ids only, both form-urlencoded with every value a string. Pure:
// the HTTP route decides what a problem means for the answer (amoCRM retries non-2xx answers).
import * as z from 'zod';
import { readFormFields, type FormField } from './form-fields';
import {
  INDEX, LEAD_ACTIONS, type LeadAction, noteLeadField, positiveInt, type RawLead, toWebhookLead,
} from './lead-fields';

export interface WebhookLead {
  /**
   * Which event: leads[status] (stage change), leads[add], leads[update]; Digital Pipeline hooks are 'status'
   * with dp: true.
   */
  action: 'status' | 'add' | 'update';
  /**
   * The minimal Digital Pipeline shape (ids only, no custom fields, no price). Rule: a leads[status] lead with
   * no `name` key, no `price` key and no `custom_fields` keys (an account webhook always writes name and price).
   */
  dp: boolean;
  id: number;
  statusId: number;
  pipelineId?: number;
  oldStatusId?: number;
  oldPipelineId?: number;
  price?: number;
  /** Unix seconds: last_modified, else updated_at, when present. */
  modifiedAt?: number;
  /** Custom field values by field id, as strings (legacy v2 shape: custom_fields[N][id] + [values][M][value]). */
  customFields: Record<number, string[]>;
}

export interface WebhookBody {
  leads: WebhookLead[];
  account?: { id?: number; subdomain?: string };
  /** Entities we do not handle (contacts, notes, leads[delete] …), counted for the log: `root[action][index]`. */
  ignored: string[];
}

export type WebhookParse = { ok: true; body: WebhookBody } | { ok: false; problems: string[] };

/** amoCRM batches events; far more than it sends at once, few enough to handle in one request. */
export const MAX_LEADS = 250;
/** Enough to fix a body; an abusive body does not get an answer the size of itself. */
export const MAX_PROBLEMS = 20;

const Account = z.object({
  id: z.preprocess((v) => (v === '' ? undefined : v), positiveInt.optional()),
  subdomain: z.string().optional().transform((s) => (s === '' ? undefined : s)),
});

export function parseAmoWebhook(rawBody: string): WebhookParse {
  const form = readFormFields(rawBody);
  if (!form.ok) return fail(form.problems);
  const body = new BodyFields();
  for (const field of form.fields) body.note(field);
  const { problems } = body;
  const leads: WebhookLead[] = [];
  for (const raw of body.leads()) {
    const lead = toWebhookLead(raw);
    if (lead.ok) leads.push(lead.lead);
    else problems.push(...lead.problems);
  }
  const account = Account.safeParse(Object.fromEntries(body.account));
  if (!account.success) {
    problems.push(...account.error.issues.map((i) => `account[${i.path.join('][')}]: ${i.message}`));
  }
  if (problems.length > 0 || !account.success) return fail(problems);
  if (leads.length === 0 && !body.hasOtherEvents) return fail(['no leads in the body']);
  const parsed: WebhookBody = { leads, ignored: [...body.ignored] };
  if (body.account.size > 0) parsed.account = account.data;
  return { ok: true, body: parsed };
}

function fail(problems: string[]): WebhookParse {
  const more = problems.length - MAX_PROBLEMS;
  if (more <= 0) return { ok: false, problems };
  return { ok: false, problems: [...problems.slice(0, MAX_PROBLEMS), `… and ${more} more problems`] };
}

/** A body's fields sorted into leads we handle, the account block, and entities we skip. */
class BodyFields {
  readonly problems: string[] = [];
  readonly account = new Map<string, string>();
  readonly ignored = new Set<string>();
  /** A skipped entity looks like an amoCRM event (`root[action][index]`): then a body without leads is fine. */
  hasOtherEvents = false;
  /** By `action[index]`. */
  private readonly raw = new Map<string, RawLead>();
  private readonly actionOrder: LeadAction[] = [];
  private tooManyLeads = false;

  note({ key, root, path, value }: FormField): void {
    const [first, second, ...rest] = path ?? [];
    if (root === 'leads' && LEAD_ACTIONS.includes(first ?? '')) {
      return this.noteLead(key, first as LeadAction, second, rest, value);
    }
    if (root === 'leads' && !first) {
      return void this.problems.push(`${key}: expected leads[<action>][<index>][<field>]`);
    }
    if (root === 'account') return this.noteAccount(key, path, value);
    this.ignored.add(root + (first === undefined ? '' : `[${first}]`) + (second === undefined ? '' : `[${second}]`));
    if (second !== undefined && INDEX.test(second)) this.hasOtherEvents = true;
  }

  /** Leads in the order their actions first appear in the body, each action's leads by index. */
  leads(): RawLead[] {
    const rank = (lead: RawLead) => this.actionOrder.indexOf(lead.action);
    return [...this.raw.values()].sort((a, b) => rank(a) - rank(b) || Number(a.index) - Number(b.index));
  }

  private noteLead(key: string, action: LeadAction, index: string | undefined, rest: string[], value: string): void {
    if (index === undefined || !INDEX.test(index)) {
      return void this.problems.push(`${key}: expected a lead index after leads[${action}]`);
    }
    let lead = this.raw.get(`${action}[${index}]`);
    if (!lead) {
      if (this.raw.size === MAX_LEADS) {
        if (!this.tooManyLeads) this.problems.push(`leads: more than ${MAX_LEADS} leads in one body`);
        this.tooManyLeads = true;
        return;
      }
      lead = { action, index, fields: new Map(), customFields: new Map() };
      this.raw.set(`${action}[${index}]`, lead);
      if (!this.actionOrder.includes(action)) this.actionOrder.push(action);
    }
    const problem = noteLeadField(lead, rest, value, key);
    if (problem) this.problems.push(problem);
  }

  /** account[id] and account[subdomain]; the rest of the block (account[_links][self]) is not needed. */
  private noteAccount(key: string, path: string[] | undefined, value: string): void {
    const name = path?.length === 1 ? path[0] : undefined;
    if (name !== 'id' && name !== 'subdomain') return;
    if (this.account.has(name)) this.problems.push(`${key}: given more than once`);
    this.account.set(name, value);
  }
}
