// /api/v4/webhooks: list (filter[destination]), upsert by destination, delete by destination.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { requireObject } from '../batch';
import type { SandboxContext } from '../context';
import { badRequest, originOf, sendHal, sendNoContent } from '../http';
import { selfLink } from '../render';
import { BatchValidation, choiceIssue, parseOrReport } from '../validation';
import { MAX_WEBHOOKS, type Webhook, WEBHOOK_SETTINGS } from '../webhook-registry';

const isHttpUrl = (s: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};

const SubscribeBody = z.object({
  destination: z.string().refine(isHttpUrl, 'This value is not a valid URL.'),
  settings: z.array(z.string().refine((s) => WEBHOOK_SETTINGS.includes(s), choiceIssue)).min(1),
  sort: z.number().int().optional(),
});

const DeleteBody = z.object({ destination: z.string().min(1) });

const render = (origin: string, h: Webhook) => ({ ...h, _links: selfLink(origin, `/api/v4/webhooks/${h.id}`) });

export function webhookRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/v4/webhooks', (request, reply) => {
    const destination = new URL(request.url, 'http://sandbox').searchParams.get('filter[destination]') ?? undefined;
    const hooks = ctx.webhooks.list(destination);
    // An empty list is 204, like every other empty amoCRM list (UNCONFIRMED for webhooks).
    if (hooks.length === 0) return sendNoContent(reply);
    const origin = originOf(request);
    return sendHal(reply, { _total_items: hooks.length, _links: selfLink(origin, '/api/v4/webhooks'), _embedded: { webhooks: hooks.map((h) => render(origin, h)) } });
  });

  app.post('/api/v4/webhooks', (request, reply) => {
    const validation = new BatchValidation();
    const body = parseOrReport(SubscribeBody, requireObject(request.body), validation.item('0'));
    validation.throwIfAny();
    const isNew = ctx.webhooks.list(body!.destination).length === 0;
    if (isNew && ctx.webhooks.count >= MAX_WEBHOOKS) throw badRequest(`An account can have at most ${MAX_WEBHOOKS} webhooks.`);
    const hook = ctx.webhooks.upsert(body!.destination, [...new Set(body!.settings)], body!.sort);
    // 201 and upsert-by-destination come from a secondary source (doc §7.1, UNCONFIRMED).
    return sendHal(reply, render(originOf(request), hook), 201);
  });

  app.delete('/api/v4/webhooks', (request, reply) => {
    const validation = new BatchValidation();
    const body = parseOrReport(DeleteBody, requireObject(request.body), validation.item('0'));
    validation.throwIfAny();
    ctx.webhooks.remove(body!.destination); // unknown destination: also 204 (idempotent; UNCONFIRMED)
    return sendNoContent(reply);
  });
}
