import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { createAmoActivities, type AmoDeps } from '../activities/amocrm';
import { createBackfillActivities } from '../activities/backfill';
import { createCompany1Activities, type Company1Deps } from '../activities/company1';
import { createContactEntityActivities } from '../activities/contact-entity';
import { createDealRoutingActivities } from '../activities/deal-routing';
import { createDealStageRuleActivities } from '../activities/deal-stage-rules';
import { createFeedActivities, type FeedDeps } from '../activities/feed';
import { createReconciliationActivities } from '../activities/reconciliation';
import type { DealStageRules } from '../workflows/order/deal-contract';
import { workflowBundling } from '../temporal/workflow-bundle';
import { FEED_LOOKBACK_MS } from '../wiring/feed-schedule';
import { orderMetricSinks } from './order-metric-sinks';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueues: { orders: string; amocrm: string };
  /** Server-side cap of amoCRM activity attempts per second, for the whole queue (every worker sets the same). */
  amocrmActivitiesPerSecond: number;
  /** A prebuilt workflow bundle (tests build one per run); otherwise workflows are bundled at startup. */
  workflowBundlePath?: string;
  client: Client;
  amo: AmoDeps;
  company1: Company1Deps;
  startSettings: FeedDeps['startSettings'];
  contactEntityIdleMs?: number;
  /** The orders worker's sticky cache (WORKER_MAX_CACHED_WORKFLOWS); unset: the SDK's default. */
  maxCachedWorkflows?: number;
  /** Stage 2's rules, resolved against amoCRM's pipeline (stage-1 workers never ask for them). */
  dealStageRules?: () => Promise<DealStageRules>;
  identity?: string;
}

const noStage2Rules = (): Promise<DealStageRules> => Promise.reject(new Error('this worker has no stage-2 rules (INTEGRATION_STAGE=1)'));

/**
 * Two workers per process: one for workflows and non-amoCRM activities, and one for the
 * amoCRM activities on their own queue, whose rate limit the server enforces across
 * every worker process (maxTaskQueueActivitiesPerSecond).
 */
export async function createWorkers(s: WorkerSetup): Promise<[Worker, Worker]> {
  const workflows = s.workflowBundlePath
    ? { workflowBundle: { codePath: s.workflowBundlePath } }
    : { workflowsPath: workflowBundling.workflowsPath, bundlerOptions: { preloadModules: workflowBundling.preloadModules } };
  const orders = await Worker.create({
    connection: s.connection,
    namespace: s.namespace,
    taskQueue: s.taskQueues.orders,
    ...(s.identity ? { identity: s.identity } : {}),
    ...(s.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: s.maxCachedWorkflows }),
    ...workflows,
    sinks: orderMetricSinks,
    // On shutdown, activities get a few seconds to finish, then are cancelled (each one honours it).
    shutdownGraceTime: '5s',
    activities: {
      ...createCompany1Activities(s.company1),
      ...createContactEntityActivities({ client: s.client, taskQueues: s.taskQueues, idleTimeoutMs: s.contactEntityIdleMs }),
      ...createDealStageRuleActivities({ rules: s.dealStageRules ?? noStage2Rules }),
      ...createDealRoutingActivities({ client: s.client, ordersTaskQueue: s.taskQueues.orders }),
      ...createReconciliationActivities({
        client: s.client,
        amo: s.amo.amo,
        ordersTaskQueue: s.taskQueues.orders,
        initialStatusId: () => s.amo.dealTarget().then((t) => t.statusId),
      }),
      ...createBackfillActivities({ client: s.client, company1: s.company1.company1, startSettings: s.startSettings }),
      ...createFeedActivities({ client: s.client, company1: s.company1.company1, startSettings: s.startSettings, cursorLostLookbackMs: FEED_LOOKBACK_MS }),
    },
  });
  const amocrm = await Worker.create({
    connection: s.connection,
    namespace: s.namespace,
    taskQueue: s.taskQueues.amocrm,
    ...(s.identity ? { identity: s.identity } : {}),
    activities: createAmoActivities(s.amo),
    maxTaskQueueActivitiesPerSecond: s.amocrmActivitiesPerSecond,
    shutdownGraceTime: '5s',
  });
  return [orders, amocrm];
}
