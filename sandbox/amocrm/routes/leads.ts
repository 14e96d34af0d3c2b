// /api/v4/leads: list/search, by id, batch create, batch and single update.
import type { FastifyInstance } from 'fastify';
import { MAX_BATCH, planBatch, readBatch, requireObject } from '../batch';
import type { SandboxContext } from '../context';
import { originOf, pathId, sendHal, sendNoContent } from '../http';
import { planLeadCreate, planLeadUpdate } from '../lead-writes';
import { parseListParams } from '../list-params';
import { paginate, sortForList } from '../paginate';
import { renderLead, selfLink } from '../render';
import { matchesQuery } from '../search';
import { BatchValidation } from '../validation';

export function leadRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { store } = ctx;

  app.get('/api/v4/leads', (request, reply) => {
    const params = parseListParams(request.url, ['id', 'created_at', 'updated_at']);
    const found = [...store.leads.values()].filter(
      (l) =>
        (!params.query || matchesQuery(l, params.query)) &&
        (!params.filterIds || params.filterIds.includes(l.id)) &&
        (!params.filterPipelineIds || params.filterPipelineIds.includes(l.pipeline_id)),
    );
    const origin = originOf(request);
    const body = paginate(sortForList(found, params.order), params, origin, '/api/v4/leads', 'leads', (l) =>
      renderLead(store, ctx.accountId, origin, l, params.with.has('contacts')),
    );
    return body ? sendHal(reply, body) : sendNoContent(reply);
  });

  app.get<{ Params: { id: string } }>('/api/v4/leads/:id', (request, reply) => {
    const lead = store.leads.get(pathId(request.params.id));
    if (!lead) return sendNoContent(reply);
    const withContacts = parseListParams(request.url, []).with.has('contacts');
    return sendHal(reply, renderLead(store, ctx.accountId, originOf(request), lead, withContacts));
  });

  app.post('/api/v4/leads', (request, reply) => {
    const { commits, requestIds } = planBatch(readBatch(request.body, MAX_BATCH), (raw, issues) => planLeadCreate(store, raw, issues));
    const origin = originOf(request);
    const results = commits.map((commit) => commit());
    ctx.dispatcher.publish(results.flatMap((r) => r.events));
    const leads = results.map(({ lead }, i) => ({ id: lead.id, request_id: requestIds[i], _links: selfLink(origin, `/api/v4/leads/${lead.id}`) }));
    return sendHal(reply, { _links: selfLink(origin, '/api/v4/leads'), _embedded: { leads } });
  });

  app.patch('/api/v4/leads', (request, reply) => {
    const { commits, requestIds } = planBatch(readBatch(request.body, MAX_BATCH), (raw, issues) => planLeadUpdate(store, raw, issues));
    const origin = originOf(request);
    const results = commits.map((commit) => commit());
    ctx.dispatcher.publish(results.flatMap((r) => r.events));
    const leads = results.map(({ lead }, i) => ({ id: lead.id, updated_at: lead.updated_at, request_id: requestIds[i], _links: selfLink(origin, `/api/v4/leads/${lead.id}`) }));
    return sendHal(reply, { _links: selfLink(origin, '/api/v4/leads'), _embedded: { leads } });
  });

  app.patch<{ Params: { id: string } }>('/api/v4/leads/:id', (request, reply) => {
    const id = pathId(request.params.id);
    const validation = new BatchValidation();
    const commit = planLeadUpdate(store, requireObject(request.body), validation.item('0'), id);
    validation.throwIfAny();
    const { lead, events } = commit!();
    ctx.dispatcher.publish(events);
    return sendHal(reply, { id: lead.id, updated_at: lead.updated_at, _links: selfLink(originOf(request), `/api/v4/leads/${lead.id}`) });
  });
}
