import { contactBody, type NewContact } from './contacts';
import { type AmoContext } from './context';
import { textField } from './custom-fields';
import { updatedEntity } from './schemas/common';

export interface NewDeal {
  name: string;
  pipelineId: number;
  statusId: number;
  detmirOrderId: string;
  price?: number;
}

// Creates are not idempotent in amoCRM: a retry after a lost response makes a second deal.
// Callers look the deal up by order id (findDealByDetmirOrderId) before creating again.
function dealBody(ctx: AmoContext, d: NewDeal) {
  return {
    name: d.name,
    ...(d.price === undefined ? {} : { price: d.price }),
    pipeline_id: d.pipelineId,
    status_id: d.statusId,
    custom_fields_values: [textField(ctx.fields.detmirOrderId, d.detmirOrderId)],
    request_id: d.detmirOrderId,
  };
}

// Both creates go through the process's batch lanes (deal-batches.ts): a lone deal leaves at once,
// alone; deals created while the limiter holds requests back share one.
export function createDeal(ctx: AmoContext, d: NewDeal & { contactId: number }): Promise<{ dealId: number }> {
  const body = { ...dealBody(ctx, d), _embedded: { tags: [{ id: ctx.tagId }], contacts: [{ id: d.contactId, is_main: true }] } };
  return ctx.deals.leads.add(d.detmirOrderId, body, ctx.guard);
}

/** A deal and its new contact in one item of POST /leads/complex. */
export function createDealWithContact(ctx: AmoContext, d: NewDeal & { contact: NewContact }): Promise<{ dealId: number; contactId: number }> {
  const body = { ...dealBody(ctx, d), _embedded: { tags: [{ id: ctx.tagId }], contacts: [contactBody(ctx, d.contact)] } };
  return ctx.deals.complex.add(d.detmirOrderId, body, ctx.guard);
}

/** Answers amoCRM's `updated_at` of the change (unix seconds), when its answer carries one. */
export async function patchDeal(ctx: AmoContext, id: number, patch: Record<string, number>): Promise<number | undefined> {
  const body = await ctx.api.requestBody({ method: 'PATCH', path: `/api/v4/leads/${id}`, body: patch, schema: updatedEntity });
  return body.updated_at;
}
