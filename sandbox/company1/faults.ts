// Fault injection for the /v1 API, set through POST /__sandbox/faults: slow answers (before or after the change
// is committed), 5xx answers, requests
// that hang until the client gives up, lost notifications, and orders served with a field the contract does not
// allow (`corruptOrders`, see order-corruption.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { PROBLEM_TYPES } from '../../company1/schemas';
import { OrderCorruption } from './order-corruption';
import { problem } from './problems';

const Ratio = z.number().min(0).max(1);
export const Faults = z.strictObject({
  latencyMs: z.int().min(0).max(120_000).optional(),
  /** Delay after the request is handled (a change is committed), before the answer leaves: a client gone by then lost it. */
  answerDelayMs: z.int().min(0).max(120_000).optional(),
  errorRatio5xx: Ratio.optional(),
  timeoutRatio: Ratio.optional(),
  dropNotifications: Ratio.optional(),
  corruptOrders: z.array(OrderCorruption).max(100).optional(),
});
export type Faults = z.infer<typeof Faults>;

export function faultHook(current: () => Faults, onHang: (request: FastifyRequest) => void) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const faults = current();
    if (faults.latencyMs) await sleep(faults.latencyMs, undefined, { ref: false });
    if (Math.random() < (faults.timeoutRatio ?? 0)) {
      // Never answer: the socket stays open until the client times out (or the sandbox closes).
      onHang(request);
      reply.hijack();
      return reply;
    }
    if (Math.random() < (faults.errorRatio5xx ?? 0)) {
      throw problem(503, PROBLEM_TYPES.unavailable, 'Service unavailable', 'Injected fault: try again later');
    }
    return undefined;
  };
}

/**
 * onSend: holds a handled request's answer back by `answerDelayMs`. A client gone by then never gets it
 * (Fastify then skips onResponse): `onLost` records what it would have been told.
 */
export function answerDelayHook(current: () => Faults, onLost: (request: FastifyRequest, status: number) => void) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const ms = current().answerDelayMs;
    if (!ms) return payload;
    await sleep(ms, undefined, { ref: false });
    if (request.socket.destroyed) onLost(request, reply.statusCode);
    return payload;
  };
}
