// Company 1's order API (/v1), as docs/company1-api.yaml describes it.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import * as z from 'zod';
import { FEED_LIMIT_DEFAULT, NewOrder, OrderChange, OrderFeedQuery, PROBLEM_TYPES } from '../../company1/schemas';
import type { ApiKeyCheck } from './api-key';
import { answerDelayHook, faultHook } from './faults';
import { FeedCursors } from './feed-cursor';
import { readFeed } from './order-feed';
import { fingerprint } from './request-fingerprint';
import { invalid, invalidField, noRoute, notFound } from './problems';
import type { RequestLog } from './request-log';
import type { SandboxState } from './sandbox-state';

const OrderIdParams = z.object({ orderId: z.string() });
const IdempotencyKey = z.string().trim().min(1).max(255);

function parse<T>(schema: z.ZodType<T>, value: unknown, prefix: string[] = []): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error, prefix);
  return result.data;
}

export function apiRoutes(state: SandboxState, requestLog: RequestLog, refusal: ApiKeyCheck) {
  const authenticate = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => done(refusal(request.headers));
  const cursors = new FeedCursors(state.store.cursorKey);

  return (app: FastifyInstance, _opts: unknown, done: (err?: Error) => void): void => {
    app.addHook('onRequest', faultHook(() => state.faults, (request) => requestLog.record(request, 'hung')));
    app.addHook('onRequest', authenticate);
    app.addHook('onSend', answerDelayHook(() => state.faults, (request, status) => requestLog.record(request, status, true)));
    app.addHook('onResponse', (request, reply, next) => {
      requestLog.record(request, reply.statusCode);
      next();
    });
    // Scoped to /v1, so the hooks above run first: a request without the key is a 401 even if it names no route.
    app.setNotFoundHandler((request) => {
      throw noRoute(request.method, request.url);
    });

    app.get('/orders/:orderId', (request) => {
      const { orderId } = parse(OrderIdParams, request.params);
      const order = state.store.get(orderId);
      if (!order) throw notFound(orderId);
      return state.served(order);
    });

    app.get('/orders', (request) => {
      const query = parse(OrderFeedQuery, request.query);
      const cursor = query.cursor === undefined ? undefined : cursors.read(query.cursor);
      if (query.cursor !== undefined && !cursor) {
        throw invalidField(400, PROBLEM_TYPES.validation, 'Invalid request', 'cursor', 'Not a cursor returned by this API');
      }
      const feedRequest = { statuses: query.status, changedSince: query.changedSince, cursor, limit: query.limit ?? FEED_LIMIT_DEFAULT };
      const page = readFeed(state.store.all(), feedRequest, cursors, query.cursor);
      return { ...page, items: page.items.map((order) => state.served(order)) };
    });

    app.patch('/orders/:orderId', (request) => {
      const { orderId } = parse(OrderIdParams, request.params);
      return state.served(state.changeOrder(orderId, parse(OrderChange, request.body)));
    });

    app.post('/orders', (request, reply) => {
      const key = parse(IdempotencyKey, request.headers['idempotency-key'], ['Idempotency-Key']);
      const body = parse(NewOrder, request.body);
      const known = state.store.findIdempotent(key);
      if (known) {
        if (known.fingerprint !== fingerprint(body)) {
          throw invalidField(422, PROBLEM_TYPES.idempotencyKeyReuse, 'Idempotency key reused', 'Idempotency-Key', 'Already used with a different body');
        }
        const first = state.store.get(known.orderId);
        return first && state.served(first);
      }
      const order = state.createOrder(body);
      state.store.rememberIdempotent(key, fingerprint(body), order.id);
      reply.code(201);
      return state.served(order);
    });
    done();
  };
}
