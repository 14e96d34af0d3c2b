import type * as z from 'zod';
import { type ApiTransport } from './api-transport';
import { BatchLane } from './batch-lane';
import { type AmoContext } from './context';
import { findDealsOfOrdersSince } from './deal-reads';
import { AmoError } from './errors';
import { complexCreated, leadsCreated } from './schemas/leads';

/** amoCRM takes at most 50 deals with their contacts in one /leads/complex request. */
export const MAX_COMPLEX_BATCH = 50;
/** amoCRM takes at most 250 deals in one /leads request (it recommends 50). */
export const MAX_LEADS_BATCH = 250;
/**
 * How far before our send time the lost-answer check looks: `created_at` is amoCRM's clock, not
 * ours. Too short a margin could miss a committed deal and create it twice; a longer one only
 * reads a few more recent deals.
 */
const CLOCK_SKEW_S = 120;
/**
 * How long a lane lingers when the limiter is busy. The lookups of the orders behind a burst
 * cannot share requests, so every create request that lingers saves one for them; under load
 * the request would wait for its slot about as long anyway.
 */
const LINGER_MS = 3_000;
/**
 * While requests hold more than half of the limiter's budget (GATHER_ABOVE_LOAD) but a slot is free,
 * a lane sends at most one request per GATHER_MS: creates behind its last request share the next one
 * instead of each taking one. At low load a lone deal never waits; under steady moderate load (repeat
 * customers, a backfill's later orders) a create waits this long at most.
 */
const GATHER_MS = 500;
const GATHER_ABOVE_LOAD = 0.5;

/** What the lanes read of the rate limiter. */
export interface LanePressure {
  /** A request asked now would wait. */
  busy: boolean;
  /** Share of the budget held by recent requests, 0 to 1. */
  load: number;
}

export interface DealLanes {
  leads: BatchLane<{ dealId: number }, z.infer<typeof leadsCreated>>;
  complex: BatchLane<{ dealId: number; contactId: number }, z.infer<typeof complexCreated>>;
}

/** The process's two deal-creating lanes; `ctx` must be the client's own (unguarded) context. */
export function dealLanes(ctx: Pick<AmoContext, 'api' | 'fields'>, batchSize: number, limiter: LanePressure, onSend?: (path: string, size: number) => void): DealLanes {
  const busy = () => limiter.busy;
  const pressed = () => limiter.load > GATHER_ABOVE_LOAD;
  const since = (sentAtMs: number) => Math.floor(sentAtMs / 1000) - CLOCK_SKEW_S;
  const read = (api: ApiTransport) => ({ ...ctx, api });
  return {
    leads: new BatchLane(ctx.api, {
      path: '/api/v4/leads',
      max: Math.min(batchSize, MAX_LEADS_BATCH),
      schema: leadsCreated,
      // Matched by request_id (the order id); by position only when amoCRM leaves it out.
      results: (body, sent) => new Map(body._embedded.leads.map((l, i) => [l.request_id ?? sent[i] ?? '', { dealId: l.id }])),
      committed: async (orderIds, sentAtMs, api) => {
        const found = await findDealsOfOrdersSince(read(api), orderIds, since(sentAtMs));
        return new Map([...found].map(([orderId, deal]) => [orderId, { dealId: deal.id }]));
      },
      busy,
      lingerMs: LINGER_MS,
      pressed,
      gatherMs: GATHER_MS,
      onSend: (size) => onSend?.('/api/v4/leads', size),
    }),
    complex: new BatchLane(ctx.api, {
      path: '/api/v4/leads/complex',
      max: Math.min(batchSize, MAX_COMPLEX_BATCH),
      schema: complexCreated,
      results: (body, sent) =>
        new Map(
          body.flatMap((c, i) => {
            const ids = c.request_id ?? (sent[i] === undefined ? [] : [sent[i]]);
            const result = c.contact_id === null ? noContact(c.id) : { dealId: c.id, contactId: c.contact_id };
            return ids.map((id) => [id, result] as const);
          }),
        ),
      committed: async (orderIds, sentAtMs, api) => {
        const found = await findDealsOfOrdersSince(read(api), orderIds, since(sentAtMs));
        return new Map(
          [...found].map(([orderId, deal]) => {
            const contactId = deal.mainContactId ?? deal.contactIds[0];
            return [orderId, contactId === undefined ? noContact(deal.id) : { dealId: deal.id, contactId }] as const;
          }),
        );
      },
      busy,
      lingerMs: LINGER_MS,
      pressed,
      gatherMs: GATHER_MS,
      onSend: (size) => onSend?.('/api/v4/leads/complex', size),
    }),
  };
}

function noContact(dealId: number): AmoError {
  return new AmoError('bad-response', `complex create returned deal ${dealId} without a contact id`, { request: 'POST /api/v4/leads/complex', fieldPaths: ['contact_id'] });
}
