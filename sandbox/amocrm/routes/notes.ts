// /api/v4/leads/notes and /api/v4/leads/{id}/notes: common (text) notes in a deal's feed. Other note types
// and contacts'/companies' notes are not emulated: the integration writes only a deal's text notes.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { MAX_BATCH, readBatch } from '../batch';
import type { SandboxContext } from '../context';
import { badRequest, originOf, pathId, sendHal, sendNoContent } from '../http';
import { type Note, nowSeconds } from '../models';
import { selfLink } from '../render';

const NoteInput = z.object({
  entity_id: z.number().int().positive().optional(),
  note_type: z.literal('common'),
  params: z.object({ text: z.string().min(1) }),
  request_id: z.string().optional(),
});

export function noteRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { store } = ctx;

  const create = (raw: unknown[], pathLeadId: number | undefined) => {
    const inputs = raw.map((item, i) => {
      const parsed = NoteInput.safeParse(item);
      if (!parsed.success) throw badRequest(`Invalid note at ${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
      const entityId = pathLeadId ?? parsed.data.entity_id;
      if (entityId === undefined || !store.leads.has(entityId)) throw badRequest(`Note ${i}: entity_id ${entityId ?? '(missing)'} is not a lead of this account`);
      return { ...parsed.data, entity_id: entityId };
    });
    return inputs.map((input) => {
      const now = nowSeconds();
      const note: Note = { id: store.nextId('notes'), entity_id: input.entity_id, entity_type: 'leads', note_type: 'common', params: { text: input.params.text }, created_at: now, updated_at: now, account_id: ctx.accountId };
      store.notes.set(note.id, note);
      return { note, requestId: input.request_id };
    });
  };

  const answer = (origin: string, created: { note: Note; requestId?: string }[]) => ({
    _links: selfLink(origin, '/api/v4/leads/notes'),
    _embedded: {
      notes: created.map(({ note, requestId }) => ({ id: note.id, entity_id: note.entity_id, ...(requestId === undefined ? {} : { request_id: requestId }), _links: selfLink(origin, `/api/v4/leads/${note.entity_id}/notes/${note.id}`) })),
    },
  });

  app.post('/api/v4/leads/notes', (request, reply) => sendHal(reply, answer(originOf(request), create(readBatch(request.body, MAX_BATCH), undefined))));

  app.post<{ Params: { id: string } }>('/api/v4/leads/:id/notes', (request, reply) =>
    sendHal(reply, answer(originOf(request), create(readBatch(request.body, MAX_BATCH), pathId(request.params.id)))),
  );

  app.get<{ Params: { id: string } }>('/api/v4/leads/:id/notes', (request, reply) => {
    const leadId = pathId(request.params.id);
    const origin = originOf(request);
    const notes = [...store.notes.values()].filter((n) => n.entity_id === leadId).sort((a, b) => a.id - b.id);
    if (notes.length === 0) return sendNoContent(reply);
    return sendHal(reply, { _links: selfLink(origin, `/api/v4/leads/${leadId}/notes`), _embedded: { notes: notes.map((n) => ({ ...n, _links: selfLink(origin, `/api/v4/leads/${leadId}/notes/${n.id}`) })) } });
  });
}
