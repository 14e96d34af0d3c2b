// Admin API (no auth, sandbox only): inspect entities, move a deal like a manager, reset.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { type SandboxContext, resetContext } from '../context';
import { ApiError, badRequest, originOf, pathId } from '../http';
import { planLeadUpdate } from '../lead-writes';
import { pipelineById, statusByName, statusIn } from '../pipelines';
import { renderCompany, renderContact, renderLead } from '../render';
import { type PipelineDef, SEED_PIPELINES } from '../seed';
import { BatchValidation } from '../validation';

export const MoveBody = z.object({
  status: z.union([z.number().int(), z.string().min(1)]),
  pipeline: z.union([z.number().int(), z.string().min(1)]).optional(),
});

export function parseAdmin<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw badRequest(z.prettifyError(result.error));
  return result.data;
}

function pipelineOf(ref: number | string | undefined, current: PipelineDef): PipelineDef {
  if (ref === undefined) return current;
  const found = typeof ref === 'number' ? pipelineById(ref) : SEED_PIPELINES.find((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (!found) throw badRequest(`Unknown pipeline ${ref}`);
  return found;
}

function removeContact(store: SandboxContext['store'], id: number): boolean {
  if (!store.contacts.delete(id)) return false;
  for (const lead of store.leadsOfContact(id)) lead.contacts = lead.contacts.filter((c) => c.id !== id);
  for (const company of store.companies.values()) company.contact_ids = company.contact_ids.filter((c) => c !== id);
  return true;
}

export function adminDataRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { store } = ctx;
  app.get('/__sandbox/contacts', (request) => [...store.contacts.values()].map((c) => renderContact(store, ctx.accountId, originOf(request), c, true)));
  app.get('/__sandbox/leads', (request) => [...store.leads.values()].map((l) => renderLead(store, ctx.accountId, originOf(request), l, true)));
  app.get('/__sandbox/companies', (request) => [...store.companies.values()].map((c) => renderCompany(store, ctx.accountId, originOf(request), c)));

  // Moves a deal the way a manager does in the UI: same validation and webhooks as an API move.
  app.post<{ Params: { id: string } }>('/__sandbox/leads/:id/move', (request) => {
    const body = parseAdmin(MoveBody, request.body);
    const lead = store.leads.get(pathId(request.params.id));
    if (!lead) throw new ApiError(404, 'Not Found', `Lead ${request.params.id} not found`);
    const pipeline = pipelineOf(body.pipeline, pipelineById(lead.pipeline_id)!);
    const byId = typeof body.status === 'number' || /^\d+$/.test(body.status);
    const status = byId ? statusIn(pipeline, Number(body.status)) : statusByName(pipeline, String(body.status));
    if (!status) throw badRequest(`Pipeline "${pipeline.name}" has no status ${body.status}`);
    const validation = new BatchValidation();
    const commit = planLeadUpdate(store, { status_id: status.id, pipeline_id: pipeline.id }, validation.item('0'), lead.id);
    validation.throwIfAny();
    const { lead: moved, events } = commit!();
    ctx.dispatcher.publish(events);
    return renderLead(store, ctx.accountId, originOf(request), moved, true);
  });

  // A manager deletes a contact (its deals stay, unlinked), or merges it into another one (its
  // deals move to the survivor): either way amoCRM no longer knows its id.
  app.delete<{ Params: { id: string } }>('/__sandbox/contacts/:id', (request) => {
    const id = pathId(request.params.id);
    if (!removeContact(store, id)) throw new ApiError(404, 'Not Found', `Contact ${id} not found`);
    return { ok: true };
  });
  app.post<{ Params: { id: string; into: string } }>('/__sandbox/contacts/:id/merge-into/:into', (request) => {
    const [id, into] = [pathId(request.params.id), pathId(request.params.into)];
    if (!store.contacts.has(into)) throw new ApiError(404, 'Not Found', `Contact ${into} not found`);
    const leads = store.leadsOfContact(id);
    if (!removeContact(store, id)) throw new ApiError(404, 'Not Found', `Contact ${id} not found`);
    for (const lead of leads) if (!lead.contacts.some((c) => c.id === into)) lead.contacts.push({ id: into, is_main: lead.contacts.length === 0 });
    return renderContact(store, ctx.accountId, originOf(request), store.contacts.get(into)!, true);
  });

  app.post('/__sandbox/reset', () => {
    resetContext(ctx);
    return { ok: true };
  });
  app.get('/__sandbox/pipelines', () => SEED_PIPELINES);
}
