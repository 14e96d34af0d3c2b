import { contactBody, type NewContact } from './contacts';
import { type AmoContext } from './context';
import { textField } from './custom-fields';
import { AmoError } from './errors';
import { complexCreated, leadsCreated } from './schemas/leads';
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

export async function createDeal(ctx: AmoContext, d: NewDeal & { contactId: number }): Promise<{ dealId: number }> {
  const body = await ctx.api.requestBody({
    method: 'POST',
    path: '/api/v4/leads',
    body: [{ ...dealBody(ctx, d), _embedded: { tags: [{ id: ctx.tagId }], contacts: [{ id: d.contactId, is_main: true }] } }],
    schema: leadsCreated,
  });
  return { dealId: body._embedded.leads[0]!.id };
}

/** One request for a deal and its new contact (POST /leads/complex answers a plain array). */
export async function createDealWithContact(
  ctx: AmoContext,
  d: NewDeal & { contact: NewContact },
): Promise<{ dealId: number; contactId: number }> {
  const request = 'POST /api/v4/leads/complex';
  const [created] = await ctx.api.requestBody({
    method: 'POST',
    path: '/api/v4/leads/complex',
    body: [{ ...dealBody(ctx, d), _embedded: { tags: [{ id: ctx.tagId }], contacts: [contactBody(ctx, d.contact)] } }],
    schema: complexCreated,
  });
  if (!created || created.contact_id === null) {
    throw new AmoError('bad-response', 'complex create returned no contact id', { request, fieldPaths: ['0.contact_id'] });
  }
  return { dealId: created.id, contactId: created.contact_id };
}

/** Answers amoCRM's `updated_at` of the change (unix seconds), when its answer carries one. */
export async function patchDeal(ctx: AmoContext, id: number, patch: Record<string, number>): Promise<number | undefined> {
  const body = await ctx.api.requestBody({ method: 'PATCH', path: `/api/v4/leads/${id}`, body: patch, schema: updatedEntity });
  return body.updated_at;
}
