// /api/v4/contacts: list/search, by id, batch create, update.
import type { FastifyInstance } from 'fastify';
import { MAX_BATCH, planBatch, readBatch, requireObject } from '../batch';
import { planContactCreate, planContactUpdate } from '../contact-writes';
import type { SandboxContext } from '../context';
import { originOf, pathId, sendHal, sendNoContent } from '../http';
import { parseListParams } from '../list-params';
import { paginate, sortForList } from '../paginate';
import { renderContact, selfLink } from '../render';
import { matchesQuery } from '../search';
import { BatchValidation } from '../validation';

export function contactRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { store } = ctx;

  app.get('/api/v4/contacts', (request, reply) => {
    const params = parseListParams(request.url, ['id', 'updated_at']);
    // filter[custom_fields_values] is silently ignored, as on accounts without the filtering alpha (doc §3.6).
    const found = [...store.contacts.values()].filter(
      (c) => (!params.query || matchesQuery(c, params.query)) && (!params.filterIds || params.filterIds.includes(c.id)),
    );
    const origin = originOf(request);
    const body = paginate(sortForList(found, params.order), params, origin, '/api/v4/contacts', 'contacts', (c) =>
      renderContact(store, ctx.accountId, origin, c, params.with.has('leads')),
    );
    return body ? sendHal(reply, body) : sendNoContent(reply);
  });

  app.get<{ Params: { id: string } }>('/api/v4/contacts/:id', (request, reply) => {
    const contact = store.contacts.get(pathId(request.params.id));
    if (!contact) return sendNoContent(reply);
    const withLeads = parseListParams(request.url, []).with.has('leads');
    return sendHal(reply, renderContact(store, ctx.accountId, originOf(request), contact, withLeads));
  });

  app.post('/api/v4/contacts', (request, reply) => {
    const { commits, requestIds } = planBatch(readBatch(request.body, MAX_BATCH), (raw, issues) => planContactCreate(store, raw, issues));
    const origin = originOf(request);
    const contacts = commits.map((commit, i) => {
      const c = commit();
      return { id: c.id, request_id: requestIds[i], _links: selfLink(origin, `/api/v4/contacts/${c.id}`) };
    });
    return sendHal(reply, { _links: selfLink(origin, '/api/v4/contacts'), _embedded: { contacts } });
  });

  app.patch('/api/v4/contacts', (request, reply) => {
    const { commits, requestIds } = planBatch(readBatch(request.body, MAX_BATCH), (raw, issues) => planContactUpdate(store, raw, issues));
    const origin = originOf(request);
    const contacts = commits.map((commit, i) => {
      const c = commit();
      return { id: c.id, name: c.name, updated_at: c.updated_at, request_id: requestIds[i], _links: selfLink(origin, `/api/v4/contacts/${c.id}`) };
    });
    return sendHal(reply, { _links: selfLink(origin, '/api/v4/contacts'), _embedded: { contacts } });
  });

  app.patch<{ Params: { id: string } }>('/api/v4/contacts/:id', (request, reply) => {
    const id = pathId(request.params.id);
    const validation = new BatchValidation();
    const commit = planContactUpdate(store, requireObject(request.body), validation.item('0'), id);
    validation.throwIfAny();
    const c = commit!();
    return sendHal(reply, { id: c.id, name: c.name, updated_at: c.updated_at, _links: selfLink(originOf(request), `/api/v4/contacts/${c.id}`) });
  });
}
