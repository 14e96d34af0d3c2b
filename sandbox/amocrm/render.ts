// Entities as the v4 API renders them (HAL). `origin` is the base URL the client used, so
// `_links` can be followed against the sandbox (real amoCRM uses https://{subdomain}.amocrm.ru).
import { FIELD_DEFS } from './field-defs';
import type { Company, Contact, Lead, StoredField } from './models';
import type { Store } from './store';

export const selfLink = (origin: string, path: string) => ({ self: { href: `${origin}${path}` } });

type Links = ReturnType<typeof selfLink>;
export interface EntityRef {
  id: number;
  _links: Links;
}
export interface TagOut {
  id: number;
  name: string;
  color: string | null;
}
export interface ContactEmbedded {
  tags: TagOut[];
  companies: EntityRef[];
  leads?: EntityRef[];
}
export interface LeadEmbedded {
  tags: TagOut[];
  companies: EntityRef[];
  contacts?: (EntityRef & { is_main: boolean })[];
}

export function renderCustomFields(fields: StoredField[]) {
  if (fields.length === 0) return null;
  return fields.map((f) => {
    const def = FIELD_DEFS.find((d) => d.id === f.field_id);
    return {
      field_id: f.field_id,
      field_name: def?.name ?? '',
      field_code: def?.code ?? null,
      field_type: def?.type ?? 'text',
      values: f.values.map((v) => ({ ...v })),
    };
  });
}

function renderTags(store: Store, ids: number[]): TagOut[] {
  return ids.flatMap((id) => {
    const tag = store.tags.get(id);
    return tag ? [{ id: tag.id, name: tag.name, color: tag.color }] : [];
  });
}

const companyRefs = (origin: string, ids: number[]): EntityRef[] => ids.map((id) => ({ id, _links: selfLink(origin, `/api/v4/companies/${id}`) }));

export function renderContact(store: Store, accountId: number, origin: string, c: Contact, withLeads: boolean) {
  const embedded: ContactEmbedded = { tags: renderTags(store, c.tag_ids), companies: companyRefs(origin, c.company_ids) };
  if (withLeads) {
    embedded.leads = store.leadsOfContact(c.id).map((l) => ({ id: l.id, _links: selfLink(origin, `/api/v4/leads/${l.id}`) }));
  }
  const { custom_fields, tag_ids: _t, company_ids: _c, ...plain } = c;
  return {
    ...plain,
    closest_task_at: null,
    is_deleted: false,
    is_unsorted: false,
    custom_fields_values: renderCustomFields(custom_fields),
    account_id: accountId,
    _links: selfLink(origin, `/api/v4/contacts/${c.id}`),
    _embedded: embedded,
  };
}

export function renderLead(store: Store, accountId: number, origin: string, l: Lead, withContacts: boolean) {
  const embedded: LeadEmbedded = { tags: renderTags(store, l.tag_ids), companies: companyRefs(origin, l.company_ids) };
  if (withContacts) {
    embedded.contacts = l.contacts.map((c) => ({ id: c.id, is_main: c.is_main, _links: selfLink(origin, `/api/v4/contacts/${c.id}`) }));
  }
  const { custom_fields, tag_ids: _t, company_ids: _c, contacts: _l, ...plain } = l;
  return {
    ...plain,
    closest_task_at: null,
    is_deleted: false,
    custom_fields_values: renderCustomFields(custom_fields),
    score: null,
    account_id: accountId,
    labor_cost: null,
    _links: selfLink(origin, `/api/v4/leads/${l.id}`),
    _embedded: embedded,
  };
}

export function renderCompany(store: Store, accountId: number, origin: string, c: Company) {
  const { custom_fields, tag_ids, contact_ids: _c, ...plain } = c;
  return {
    ...plain,
    custom_fields_values: renderCustomFields(custom_fields),
    account_id: accountId,
    _links: selfLink(origin, `/api/v4/companies/${c.id}`),
    _embedded: { tags: renderTags(store, tag_ids) },
  };
}
