import { type AmoContext } from './context';
import { textValues } from './custom-fields';
import { type AmoDeal, toDeal } from './model';
import { collectPages } from './paging';
import { lead, type LeadBody, leadsPage } from './schemas/leads';

const BATCH = 250; // amoCRM's maximum page size

function toItems(body: { _links?: { next?: { href: string } }; _embedded: { leads: LeadBody[] } }) {
  return { _links: body._links, items: body._embedded.leads };
}

export async function getDeal(ctx: AmoContext, id: number): Promise<AmoDeal | null> {
  const query = new URLSearchParams({ with: 'contacts' });
  const body = await ctx.api.request({ method: 'GET', path: `/api/v4/leads/${id}`, query, schema: lead });
  return body ? toDeal(body, ctx.fields) : null;
}

// The lookup that makes deal creation idempotent: query is fuzzy, so match the field exactly.
export async function findDealByDetmirOrderId(ctx: AmoContext, orderId: string): Promise<AmoDeal | null> {
  const query = new URLSearchParams({ query: orderId, limit: String(BATCH), with: 'contacts' });
  const hits = await collectPages(ctx.api, '/api/v4/leads', query, leadsPage, toItems);
  const exact = hits.filter((l) => textValues(l.custom_fields_values, ctx.fields.detmirOrderId).includes(orderId));
  if (exact.length > 1) ctx.logger.warn('several amoCRM deals carry one Company 1 order id; using the oldest', { count: exact.length });
  const oldest = exact.sort((a, b) => a.id - b.id)[0];
  return oldest ? toDeal(oldest, ctx.fields) : null;
}

export async function getDeals(ctx: AmoContext, ids: number[]): Promise<AmoDeal[]> {
  const wanted = [...new Set(ids)];
  const found = new Map<number, AmoDeal>();
  for (let i = 0; i < wanted.length; i += BATCH) {
    const batch = new Set(wanted.slice(i, i + BATCH));
    const query = new URLSearchParams({ limit: String(BATCH), with: 'contacts' });
    for (const id of batch) query.append('filter[id][]', String(id));
    // Post-filter and stop early: an account that ignores the filter would otherwise be walked whole.
    const hits = await collectPages(ctx.api, '/api/v4/leads', query, leadsPage, toItems, (soFar) => {
      const seen = new Set(soFar.map((l) => l.id));
      return [...batch].every((id) => seen.has(id));
    });
    for (const l of hits) if (batch.has(l.id)) found.set(l.id, toDeal(l, ctx.fields));
  }
  return wanted.flatMap((id) => found.get(id) ?? []);
}

/** Consecutive deals (newest first) older than the window that end the check's read. */
const OLDER_RUN = 10;

/**
 * The deals of these orders created since `sinceSec` (amoCRM's clock): one list query, newest
 * first, read only as far back as the window. It checks a batch whose answer was lost. Deals are
 * read by id, which is unique and grows with creation (offset pages over equal `created_at`s, a
 * batch's, could skip some); the read stops at a run of deals older than the window, so one
 * backdated deal cannot stop it early. The created_at filter is only a hint (accounts without API
 * filtering ignore it).
 */
export async function findDealsOfOrdersSince(ctx: Pick<AmoContext, 'api' | 'fields'>, orderIds: string[], sinceSec: number): Promise<Map<string, AmoDeal>> {
  const wanted = new Set(orderIds);
  const query = new URLSearchParams({ limit: String(BATCH), with: 'contacts', 'order[id]': 'desc', 'filter[created_at][from]': String(sinceSec) });
  const hits = await collectPages(ctx.api, '/api/v4/leads', query, leadsPage, toItems, (soFar) => {
    const tail = soFar.slice(-OLDER_RUN);
    return tail.length === OLDER_RUN && tail.every((l) => l.created_at < sinceSec);
  });
  const found = new Map<string, AmoDeal>();
  for (const l of hits) {
    for (const orderId of textValues(l.custom_fields_values, ctx.fields.detmirOrderId)) {
      // The oldest wins, as in findDealByDetmirOrderId.
      if (wanted.has(orderId) && (found.get(orderId)?.id ?? Infinity) > l.id) found.set(orderId, toDeal(l, ctx.fields));
    }
  }
  return found;
}
