import * as z from 'zod';
import { type AmoContext } from './context';
import { createdEntity, links } from './schemas/common';

// A deal's text notes (POST /api/v4/leads/notes, GET /api/v4/leads/{id}/notes). Like every create in amoCRM,
// adding a note is not idempotent: a caller that may have added one already reads the deal's notes first.

const notesCreated = z.object({ _embedded: z.object({ notes: z.array(createdEntity.extend({ entity_id: z.number() })).min(1) }) });
const notesPage = z.object({
  _links: links.optional(),
  _embedded: z.object({ notes: z.array(z.object({ id: z.number(), entity_id: z.number(), note_type: z.string(), params: z.object({ text: z.string().optional() }).loose().nullable().optional() })) }),
});

export async function addDealNote(ctx: AmoContext, leadId: number, text: string): Promise<{ noteId: number }> {
  const body = await ctx.api.requestBody({
    method: 'POST',
    path: '/api/v4/leads/notes',
    body: [{ entity_id: leadId, note_type: 'common', params: { text } }],
    schema: notesCreated,
  });
  return { noteId: body._embedded.notes[0]!.id };
}

/** The texts of the deal's common notes (the first 250: a deal's feed of cancellation notes is short). */
export async function dealNoteTexts(ctx: AmoContext, leadId: number): Promise<string[]> {
  const query = new URLSearchParams({ limit: '250', 'filter[note_type]': 'common' });
  const body = await ctx.api.request({ method: 'GET', path: `/api/v4/leads/${leadId}/notes`, query, schema: notesPage });
  return (body?._embedded.notes ?? []).map((n) => n.params?.text ?? '');
}
