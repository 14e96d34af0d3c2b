import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import type { OrderStartSettings } from '../client/order-start';
import { DEFAULT_WEBHOOK_TEMPORAL_DEADLINE_MS } from '../config/integration';
import { type AmoWebhookDeps, registerAmoWebhooks } from './amocrm-webhooks';
import { registerCompany1Notifications } from './company1-notifications';
import { webhooks as webhookCounter, webhookSeconds } from '../metrics/registry';

export interface WebhookAppDeps {
  client: Client;
  startSettings: OrderStartSettings;
  company1: { secret: string; toleranceSec: number };
  /**
   * How long the Temporal calls of one request may take together (WEBHOOK_TEMPORAL_DEADLINE). Senders give up
   * after a few seconds (amoCRM: 2 s) and retry on a 5xx, so past this the answer is a 503, never a hang.
   */
  temporalDeadlineMs?: number;
  /** Stage 2: amoCRM's webhooks (the secret path, the deal's order-id field, the queues). */
  amocrm?: Omit<AmoWebhookDeps, 'client' | 'temporalDeadlineMs' | 'log'>;
  log: Logger;
}

/**
 * The webhook service ("shim"): validates what Company 1 (and, from stage 2, amoCRM)
 * sends, and turns it into workflow starts and signals. It keeps no state: Temporal is
 * the store. This is the app; server.ts adds listening and graceful close.
 */
export function buildWebhookApp(deps: WebhookAppDeps): FastifyInstance {
  const temporalDeadlineMs = deps.temporalDeadlineMs ?? DEFAULT_WEBHOOK_TEMPORAL_DEADLINE_MS;
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  // Signatures cover the exact bytes: keep JSON bodies as raw strings and parse after verifying.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 503;
    if (status >= 500) {
      const cause = (err as { cause?: unknown }).cause;
      deps.log.error('Webhook request failed', { method: request.method, url: request.url, error: err.stack ?? err.message, cause: cause instanceof Error ? cause.message : undefined });
    }
    // The caller retries on 5xx; it gets no internals, only whether to retry.
    void reply.code(status).send({ error: status < 500 ? err.message : 'temporarily unavailable, retry later' });
  });

  // Every webhook counted by source and answer, with its time (amoCRM gives up after 2 s).
  app.addHook('onResponse', (request, reply, done) => {
    const source = request.url.startsWith('/company1/') ? 'company1' : request.url.startsWith('/amocrm/') ? 'amocrm' : undefined;
    if (source) {
      webhookCounter.inc({ source, status: String(reply.statusCode) });
      webhookSeconds.observe({ source }, reply.elapsedTime / 1000);
    }
    done();
  });

  app.get('/healthz', () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.client.withDeadline(Date.now() + temporalDeadlineMs, () => deps.client.workflowService.getSystemInfo({}));
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, error: 'Temporal is not reachable' });
    }
  });

  registerCompany1Notifications(app, {
    client: deps.client,
    startSettings: deps.startSettings,
    secret: deps.company1.secret,
    toleranceSec: deps.company1.toleranceSec,
    temporalDeadlineMs,
    log: deps.log.child('company1'),
  });
  if (deps.amocrm) registerAmoWebhooks(app, { ...deps.amocrm, client: deps.client, temporalDeadlineMs, log: deps.log.child('amocrm') });
  return app;
}
