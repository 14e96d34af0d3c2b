// The webhook service process: one Temporal client, created at startup.
import { loadConfigOrExit } from '../config/boot';
import { createLogger } from '../logging/logger';
import { closeOnSignals } from '../wiring/http-service';
import { SANDBOX_AMOCRM_WEBHOOK_SECRET, SANDBOX_COMPANY1_NOTIFICATION_SECRET } from '../config/sandbox-credentials';
import { connectClient } from '../temporal/connection';
import { assertSupportedStage } from '../config/stage';
import { orderStartSettings } from '../wiring/order-start-settings';
import { startProcessOps, temporalReadiness } from '../wiring/ops';
import { buildWebhookApp } from './app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  assertSupportedStage(config.stage);
  const log = createLogger('webhooks');
  const client = await connectClient(config.temporal);
  const app = buildWebhookApp({
    client,
    startSettings: orderStartSettings(config),
    company1: {
      secret: config.company1.notificationSecret ?? SANDBOX_COMPANY1_NOTIFICATION_SECRET,
      toleranceSec: Math.round(config.company1.notificationToleranceMs / 1000),
    },
    temporalDeadlineMs: config.webhook.temporalDeadlineMs,
    ...(config.stage === 1
      ? {}
      : {
          amocrm: {
            secret: config.amocrm.webhookSecret ?? SANDBOX_AMOCRM_WEBHOOK_SECRET,
            detmirOrderFieldId: config.amocrm.fields.detmirOrderId,
            ...(config.amocrm.pipeline.id === undefined ? {} : { pipelineId: config.amocrm.pipeline.id }),
            taskQueues: config.temporal.taskQueues,
          },
        }),
    log,
  });
  // amoCRM gives up on a webhook after 2 s; keep our own timeouts well inside that.
  app.server.requestTimeout = 10_000;
  await app.listen({ host: config.webhook.host, port: config.webhook.port });
  log.info('Webhook service listening', { url: `http://${config.webhook.host}:${config.webhook.port}` });

  const ops = await startProcessOps('webhooks', config, { what: 'webhook service', readiness: { temporal: temporalReadiness(client) }, log });
  closeOnSignals('Webhook service', app, client, log, ops);
}

main().catch((err: unknown) => {
  createLogger('webhooks').error('Webhook service failed to start', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
