// The worker process: order workflows and their activities. Scale out by running more.
import { DefaultLogger, Runtime, type LogLevel as SdkLogLevel } from '@temporalio/worker';
import { ensureFeedSchedule } from '../wiring/feed-schedule';
import { ensureReconciliationSchedule } from '../wiring/reconciliation-schedule';
import { orderStartSettings } from '../wiring/order-start-settings';
import { loadConfigOrExit } from '../config/boot';
import { createLogger } from '../logging/logger';
import { connectClient, connectWorker } from '../temporal/connection';
import { createWorkers } from './create-workers';
import { RequestShareLease } from '../coordination/request-share-lease';
import { amoClientFrom, amocrmAccountFrom, company1ClientFrom, serviceCatalogFrom } from '../wiring/clients';
import { isAmoError } from '../amocrm';
import { lazyDealStageRules } from '../wiring/deal-stage-rules';
import { lazyDealTarget } from '../wiring/deal-target';
import { assertSupportedStage } from '../config/stage';
import { freePort } from '../temporal/ports';
import { startProcessOps, temporalReadiness, watchOrdersNeedingAttention } from '../wiring/ops';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  assertSupportedStage(config.stage);
  const log = createLogger('worker');
  // SDK and workflow logs go through the same logger as ours.
  const sdkLog = log.child('sdk');
  // The SDK's own metrics (workflow and activity tasks, polls, schedule-to-start latency) are served by
  // its runtime on a loopback port of ours, and appended to our /metrics on the ops port.
  const sdkMetricsAddress = `127.0.0.1:${await freePort()}`;
  Runtime.install({
    // Seconds, as Prometheus expects (the SDK's default is milliseconds).
    telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetricsAddress, useSecondsForDurations: true } } },
    logger: new DefaultLogger(config.logLevel.toUpperCase() as SdkLogLevel, (entry) => {
      const level = entry.level === 'TRACE' || entry.level === 'DEBUG' ? 'debug' : entry.level === 'WARN' ? 'warn' : entry.level === 'ERROR' ? 'error' : 'info';
      sdkLog[level](entry.message, entry.meta);
    }),
  });

  const client = await connectClient(config.temporal);
  const connection = await connectWorker(config.temporal);
  // amoCRM's limit is shared by every worker process through the account's coordinator workflow,
  // which runs on these very workers: the lease is renewed in the background, never awaited here.
  const account = amocrmAccountFrom(config, client);
  const amo = amoClientFrom(config, log, { account, sharedRateLimit: true });
  const lease = new RequestShareLease(account, amo, log);
  lease.start();
  const dealTarget = lazyDealTarget(amo, config);
  // Stage 2's table is read now (a bad file stops the worker here) and resolved against the pipeline below.
  const dealStageRules = config.stage === 1 ? undefined : lazyDealStageRules(amo, config);
  const startSettings = orderStartSettings(config);
  await ensureFeedSchedule(client, { taskQueue: config.temporal.taskQueues.orders, everyMs: config.company1.feedPollEveryMs });
  if (config.stage !== 1) await ensureReconciliationSchedule(client, { taskQueue: config.temporal.taskQueues.orders, everyMs: config.reconcileEveryMs });

  const workers = await createWorkers({
    connection,
    namespace: config.temporal.namespace,
    taskQueues: config.temporal.taskQueues,
    amocrmActivitiesPerSecond: config.temporal.amocrmActivitiesPerSecond,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    client,
    amo: { amo, dealTarget },
    company1: { company1: company1ClientFrom(config), services: serviceCatalogFrom(config) },
    startSettings,
    contactEntityIdleMs: config.contactEntityIdleMs,
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    dealStageRules,
  });
  const ops = await startProcessOps('worker', config, {
    what: 'worker',
    readiness: {
      temporal: temporalReadiness(client),
      workers: () => {
        const states = workers.map((w) => w.getState());
        return states.every((state) => state === 'RUNNING') ? Promise.resolve() : Promise.reject(new Error(`worker states: ${states.join(', ')}`));
      },
    },
    extraMetrics: () => fetch(`http://${sdkMetricsAddress}/metrics`).then((res) => res.text()),
    log,
  });
  const stopWatching = watchOrdersNeedingAttention(client, config.temporal.taskQueues.orders, log);
  log.info('Worker ready', { taskQueues: config.temporal.taskQueues, namespace: config.temporal.namespace, amocrmAccount: account.workflowId });
  // Report a wrong pipeline or stage early, once the workers run (the request share needs them);
  // keep running if amoCRM is down: deals wait until it resolves.
  void dealTarget().then(
    (target) => log.info('amoCRM pipeline resolved', { dealTarget: target }),
    (err: unknown) => log.error('Cannot resolve the amoCRM pipeline yet; deals wait until it resolves', { error: err instanceof Error ? err.message : String(err) }),
  );
  // A stage name the pipeline does not have is a configuration error: stop, saying which.
  void dealStageRules?.().catch((err: unknown) => {
    if (isAmoError(err)) return; // amoCRM unreachable: tried again on first use
    log.error('Stage 2 rules do not match the amoCRM pipeline; stopping', { error: err instanceof Error ? err.message : String(err) });
    process.exit(2);
  });
  // SIGINT/SIGTERM: the SDK stops polling and lets running activities finish (drain).
  await Promise.all(workers.map((w) => w.run()));
  stopWatching();
  await ops.close();
  await lease.stop();
  await connection.close();
  await client.connection.close();
  log.info('Worker stopped');
}

main().catch((err: unknown) => {
  createLogger('worker').error('Worker failed', { error: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
