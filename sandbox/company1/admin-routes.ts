// The sandbox's admin API under /__sandbox (no API key): act as a Company 1 customer, inspect what the
// integration did, inject faults, switch stages.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { PROBLEM_TYPES } from '../../company1/schemas';
import { SandboxOrderInput, StageSettings, SubscriberInput } from './admin-schemas';
import { Faults } from './faults';
import { invalid, notFound, problem } from './problems';
import type { RequestLog } from './request-log';
import type { SandboxState } from './sandbox-state';

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

export function adminRoutes(state: SandboxState, requestLog: RequestLog) {
  return (app: FastifyInstance, _opts: unknown, done: (err?: Error) => void): void => {
    app.post('/orders', (request, reply) => {
      const input = parse(SandboxOrderInput, request.body);
      if (state.settings.stage === 3) {
        throw problem(409, PROBLEM_TYPES.stageConflict, 'Stage 3', 'In stage 3 orders are created only through POST /v1/orders');
      }
      reply.code(201);
      return state.createOrder(input);
    });
    app.get('/orders', () => state.store.all());
    app.get('/orders/:id', (request) => {
      const { id } = parse(z.object({ id: z.string() }), request.params);
      const order = state.store.get(id);
      if (!order) throw notFound(id);
      return order;
    });
    // What happened to the order, by whom (customer, partner = the integration, company1 = its auto-close).
    app.get('/orders/:id/history', (request) => {
      const { id } = parse(z.object({ id: z.string() }), request.params);
      if (!state.store.get(id)) throw notFound(id);
      return state.history.of(id);
    });
    app.get('/requests', () => requestLog.all());
    app.get('/faults', () => state.faults);
    app.post('/faults', (request) => {
      state.faults = parse(Faults, request.body ?? {});
      return state.faults;
    });
    app.delete('/faults', () => {
      state.faults = {};
      return state.faults;
    });
    app.post('/subscribers', (request, reply) => {
      state.notifier.addSubscriber(parse(SubscriberInput, request.body));
      reply.code(204);
      return null;
    });
    app.get('/notifications', () => state.notifier.attempts());
    app.get('/stage', () => state.settings);
    app.post('/stage', (request) => {
      const { stage, autoCloseAfterMs } = parse(StageSettings, request.body);
      state.setStage(stage, autoCloseAfterMs);
      return state.settings;
    });
    app.post('/reset', (_request, reply) => {
      state.reset();
      state.notifier.clearLog();
      requestLog.clear();
      reply.code(204);
      return null;
    });
    done();
  };
}
