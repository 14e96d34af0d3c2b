// POST /api/v4/leads/complex: a lead with a new contact and company in one call. The answer is
// a plain JSON array, not HAL (doc §5.2). Duplicate control is off (merged is always false),
// as it is for integrations without an uploaded widget (doc §9.7).
import type { FastifyInstance } from 'fastify';
import { planBatch, readBatch } from '../batch';
import { planContactCreate } from '../contact-writes';
import type { SandboxContext } from '../context';
import { parseFieldWrites, mergeFields } from '../custom-fields';
import { sendHal } from '../http';
import { planLeadCreate } from '../lead-writes';
import { type Company, type Contact, nowSeconds } from '../models';
import { SEED_USER_ID } from '../seed';
import type { Store } from '../store';
import type { Issues } from '../validation';

export const MAX_COMPLEX_LEADS = 50;
// "At most 40 custom-field values per entity": we count entries of custom_fields_values.
export const MAX_FIELDS_PER_ENTITY = 40;

type Raw = Record<string, unknown> & { _embedded?: Record<string, unknown> };
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function checkFieldCount(raw: unknown, issues: Issues, at: string): void {
  const fields = (raw as Raw | null)?.custom_fields_values;
  if (Array.isArray(fields) && fields.length > MAX_FIELDS_PER_ENTITY) {
    issues.add(at, 'TooMany', `This collection should contain ${MAX_FIELDS_PER_ENTITY} elements or less.`);
  }
}

function planContact(store: Store, raw: unknown, issues: Issues): (() => Contact) | undefined {
  const at = '_embedded.contacts.0';
  const id = (raw as Raw | null)?.id;
  if (typeof id !== 'number') return planContactCreate(store, raw, issues, at);
  const existing = store.contacts.get(id);
  if (!existing) issues.add(`${at}.id`, 'NotSupportedChoice', 'Contact not found.');
  return () => store.contacts.get(id)!;
}

function planCompany(store: Store, raw: unknown, issues: Issues): (() => Company) | undefined {
  const item = (raw ?? {}) as Raw;
  const at = '_embedded.companies.0';
  if (item.name !== undefined && typeof item.name !== 'string') issues.add(`${at}.name`, 'InvalidType', 'This value should be of type string.');
  const fields = parseFieldWrites('companies', item.custom_fields_values, issues, `${at}.custom_fields_values`);
  return () => {
    const now = nowSeconds();
    const company: Company = {
      id: store.nextId('companies'), name: typeof item.name === 'string' ? item.name : '', responsible_user_id: SEED_USER_ID, group_id: 0,
      created_by: SEED_USER_ID, updated_by: SEED_USER_ID, created_at: now, updated_at: now, custom_fields: mergeFields([], fields), tag_ids: [], contact_ids: [],
    };
    store.companies.set(company.id, company);
    return company;
  };
}

function planComplexLead(store: Store, raw: unknown, issues: Issues) {
  const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Raw;
  const contacts = asList(item._embedded?.contacts);
  const companies = asList(item._embedded?.companies);
  if (contacts.length > 1) issues.add('_embedded.contacts', 'TooMany', 'This collection should contain 1 element or less.');
  if (companies.length > 1) issues.add('_embedded.companies', 'TooMany', 'This collection should contain 1 element or less.');
  checkFieldCount(item, issues, 'custom_fields_values');
  checkFieldCount(contacts[0], issues, '_embedded.contacts.0.custom_fields_values');
  checkFieldCount(companies[0], issues, '_embedded.companies.0.custom_fields_values');
  const leadOnly = typeof raw === 'object' && raw !== null ? { ...item, _embedded: item._embedded && { tags: item._embedded.tags } } : raw;
  const lead = planLeadCreate(store, leadOnly, issues);
  const contact = contacts.length > 0 ? planContact(store, contacts[0], issues) : undefined;
  const company = companies.length > 0 ? planCompany(store, companies[0], issues) : undefined;
  if (!lead || issues.count > 0) return undefined;
  return () => {
    const c = contact?.();
    const co = company?.();
    const created = lead().lead;
    const linked = { ...created, contacts: c ? [{ id: c.id, is_main: true }] : [], company_ids: co ? [co.id] : [] };
    store.leads.set(linked.id, linked);
    if (c && co) {
      store.contacts.set(c.id, { ...c, company_ids: [...new Set([...c.company_ids, co.id])] });
      store.companies.set(co.id, { ...co, contact_ids: [c.id] });
    }
    return { lead: linked, contactId: c?.id ?? null, companyId: co?.id ?? null };
  };
}

export function complexRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/api/v4/leads/complex', (request, reply) => {
    const { commits, requestIds } = planBatch(readBatch(request.body, MAX_COMPLEX_LEADS), (raw, issues) => planComplexLead(ctx.store, raw, issues));
    const results = commits.map((commit) => commit());
    ctx.dispatcher.publish(results.map((r) => ({ action: 'add' as const, lead: r.lead })));
    const body = results.map((r, i) => ({ id: r.lead.id, contact_id: r.contactId, company_id: r.companyId, request_id: [requestIds[i]!], merged: false }));
    return sendHal(reply, body);
  });
}
