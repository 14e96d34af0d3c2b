// `npm run bench:webhooks [-- --orders 300 --rate 200 --seconds 30 --open-orders 10000]`, by hand, not in CI.
// Stage 2 on a real dev server.
// The worker and both sandboxes run in this process (the tests' harness).
// 1. Webhooks: `--orders` stage-2 orders follow their deals; for `--seconds` the bench posts `--rate` real-format
//    amoCRM webhooks a second at the webhook service (its own process, as in production). Each order's deal moves
//    three times (Recorded for trial, Confirmed VU, Payment received), spread over the run; of the other webhooks
//    a fifth repeat an event already sent (amoCRM's retries), the rest are other pipelines' deals (a busy account).
//    Measured: acknowledgement latency, webhooks not acknowledged, orders not where their deal is, and move →
//    Company 1 updated (the sandbox's change history of the order).
// 2. Reconciliation: `--open-orders` open stage-2 orders (real order workflows, started as continue-as-new starts
//    them: following their deal, which is seeded in amoCRM), a tenth of their deals moved without a webhook;
//    one reconciliation run. Measured: amoCRM requests, time, orders signalled.
// Last line: {"webhooksPerSecond","ackP99Ms","lost","moveToCompany1P50Ms", …}.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TypedSearchAttributes } from '@temporalio/common';
import { AmoLeadId, DetmirOrderId, IntegrationStage, NeedsAttention } from '../temporal/search-attributes';
import type { reconcileDealsWorkflow } from '../workflows/reconciliation/workflow';
import { orderWorkflowId } from '../workflows/ids';
import { stateQuery } from '../workflows/order/contract';
import type { orderWorkflow } from '../workflows/order/workflow';
import type { Order } from '../company1/schemas';
import { freePort } from '../temporal/ports';
import { AMO_TOKEN, AMO_WEBHOOK_SECRET, COMPANY1_API_KEY, customerOrder, NOTIFICATION_SECRET, SETUP_AMO_TOKEN, startStage1, type Stage1, withoutAmoRateLimit } from '../test/support/stage1';
import { orderInPhase, type PlacedOrder } from '../test/support/stage2';
import { testTemporal, type TestTemporal } from '../test/support/temporal';
import { untilReady } from './run-bench';

const ROOT = join(__dirname, '..');
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Move {
  order: PlacedOrder;
  stage: string;
  statusId: number;
  modifiedAt: number;
  /** When the bench posted it first (ms). */
  sentAt?: number;
}

function statusHook(m: Move, pipelineId: number, ours = true): string {
  const p = 'leads[status][0]';
  return new URLSearchParams({
    [`${p}[id]`]: String(m.order.dealId),
    [`${p}[status_id]`]: String(m.statusId),
    [`${p}[pipeline_id]`]: String(pipelineId),
    [`${p}[price]`]: '4900',
    [`${p}[last_modified]`]: String(m.modifiedAt),
    ...(ours ? { [`${p}[custom_fields][0][id]`]: '932792', [`${p}[custom_fields][0][values][0][value]`]: m.order.orderId } : {}),
    'account[id]': '28805383',
    'account[subdomain]': 'company2',
  }).toString();
}

/** The webhook service as in production: its own process (webhooks/main.ts), configured by its environment. */
async function webhookService(t: TestTemporal, s: Stage1, pipelineId: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'webhooks', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DOTENV: 'off',
      LOG_LEVEL: 'warn',
      INTEGRATION_STAGE: '2',
      TEMPORAL_ADDRESS: t.address,
      TEMPORAL_TASK_QUEUE: t.taskQueues.orders,
      TEMPORAL_AMOCRM_TASK_QUEUE: t.taskQueues.amocrm,
      WEBHOOK_PORT: String(port),
      OPS_PORT: '0',
      AMOCRM_BASE_URL: s.amoSandbox.url,
      AMOCRM_LONG_LIVED_TOKEN: AMO_TOKEN,
      AMOCRM_WEBHOOK_SECRET: AMO_WEBHOOK_SECRET,
      // Production setting: another pipeline's deals are dropped by the service itself.
      AMOCRM_PIPELINE_ID: String(pipelineId),
      COMPANY1_BASE_URL: s.company1Url,
      COMPANY1_API_KEY,
      COMPANY1_NOTIFICATION_SECRET: NOTIFICATION_SECRET,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await untilReady(url, child, 'webhook service');
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function webhookRun(t: TestTemporal, s: Stage1, o: { orders: number; rate: number; seconds: number }) {
  const pipeline = await s.amo.resolvePipeline('Company 2');
  const other = await s.amo.resolvePipeline('Sales');
  const service = await webhookService(t, s, pipeline.pipelineId);
  log(`webhooks: placing ${o.orders} stage-2 orders…`);
  const orders: PlacedOrder[] = [];
  for (let i = 0; i < o.orders; i += 20) orders.push(...(await Promise.all(Array.from({ length: Math.min(20, o.orders - i) }, () => orderInPhase({ t, s }, 'following-deal')))));
  // Each order's three moves, due evenly over the run.
  const walk = ['Recorded for trial', 'Confirmed VU', 'Payment received'];
  const base = Math.floor(Date.now() / 1000) - 3_600;
  const moves: (Move & { dueMs: number })[] = orders.flatMap((order, i) =>
    walk.map((stage, k) => ({ order, stage, statusId: pipeline.stages[stage]!, modifiedAt: base + k * 60, dueMs: ((k + i / orders.length) / walk.length) * o.seconds * 1000 })),
  );
  moves.sort((a, b) => a.dueMs - b.dueMs);
  const url = `${service.url}/amocrm/webhooks/${AMO_WEBHOOK_SECRET}`;
  const acks: number[] = [];
  let failed = 0;
  const postBody = async (body: string) => {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).catch(() => undefined);
    acks.push(performance.now() - started);
    if (res?.status !== 200) failed += 1;
  };
  // Another pipeline's deal moved by a manager: an account hook fires for it too.
  let foreignLead = 90_000_000;
  const foreign = () => statusHook({ order: { orderId: '', dealId: (foreignLead += 1), handle: undefined as never }, stage: 'x', statusId: Object.values(other.stages)[1]!, modifiedAt: base }, other.pipelineId, false);

  log(`webhooks: ${o.rate}/s for ${o.seconds} s (our orders' moves; amoCRM's retries of them, a fifth; other pipelines' deals, the rest)…`);
  const sent: Move[] = [];
  const inFlight: Promise<void>[] = [];
  const started = Date.now();
  const ticks = o.seconds * 10;
  let next = 0;
  for (let tick = 0; tick < ticks; tick += 1) {
    const now = Date.now() - started;
    const batch: string[] = [];
    while (next < moves.length && moves[next]!.dueMs <= now) {
      const m = moves[next++]!;
      m.sentAt = Date.now();
      sent.push(m);
      batch.push(statusHook(m, pipeline.pipelineId));
    }
    while (batch.length < o.rate / 10) {
      batch.push(sent.length > 0 && Math.random() < 0.2 ? statusHook(sent[Math.floor(Math.random() * sent.length)]!, pipeline.pipelineId) : foreign());
    }
    inFlight.push(...batch.map(postBody));
    await sleep(Math.max(0, (tick + 1) * 100 - (Date.now() - started)));
  }
  await Promise.all(inFlight);
  const seconds = (Date.now() - started) / 1000;
  for (; next < moves.length; next += 1) await postBody(statusHook(moves[next]!, pipeline.pipelineId)); // none should be left
  await service.stop();

  // Settled: every order paid and in work. Move → Company 1: the change history's entry for it.
  const paidStatus = pipeline.stages['Payment received']!;
  const deadline = Date.now() + 60_000;
  let notThere = orders;
  while (notThere.length > 0 && Date.now() < deadline) {
    const states = await Promise.all(notThere.map(async (x) => ({ x, st: await x.handle.query(stateQuery) })));
    notThere = states.filter(({ st }) => !(st.orderStatus === 'in_work' && st.deal?.paid === true && st.deal.statusId === paidStatus)).map(({ x }) => x);
    if (notThere.length > 0) await sleep(500);
  }
  const latencies: number[] = [];
  const expected: Record<string, [string, unknown]> = { 'Recorded for trial': ['status', 'approved'], 'Confirmed VU': ['status', 'in_work'], 'Payment received': ['paid', true] };
  for (const order of orders) {
    const history = (await s.company1Admin.history(order.orderId)).filter((h) => h.by === 'partner');
    for (const m of moves.filter((x) => x.order === order)) {
      const [field, to] = expected[m.stage]!;
      const entry = history.find((h) => JSON.stringify(h.changes[field]?.to) === JSON.stringify(to));
      if (entry && m.sentAt) latencies.push(Date.parse(entry.at) - m.sentAt);
    }
  }
  for (const o2 of orders) await o2.handle.terminate('bench done').catch(() => undefined);
  return {
    webhooks: acks.length,
    webhooksPerSecond: Number((acks.length / seconds).toFixed(1)),
    ackP50Ms: Number(percentile(acks, 50).toFixed(1)),
    ackP99Ms: Number(percentile(acks, 99).toFixed(1)),
    notAcknowledged: failed,
    ordersNotWhereTheirDealIs: notThere.length,
    moves: latencies.length,
    moveToCompany1P50Ms: percentile(latencies, 50),
    moveToCompany1P95Ms: percentile(latencies, 95),
  };
}

async function reconciliationRun(t: TestTemporal, s: Stage1, n: number) {
  const pipeline = await s.amo.resolvePipeline('Company 2');
  const initial = s.dealTarget.statusId;
  const moved = pipeline.stages['Confirmed VU']!;
  log(`reconciliation: seeding ${n} orders in Company 1 and their deals in amoCRM…`);
  // Seeding is not measured: no notifications (nothing else starts these orders), no amoCRM limit.
  await s.company1Admin.setFaults({ dropNotifications: 1 });
  const c1Orders: Order[] = [];
  for (let i = 0; i < n; i += 100) c1Orders.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => s.company1Admin.createOrder(customerOrder())))));
  await s.company1Admin.clearFaults();
  const dealIds: number[] = [];
  await withoutAmoRateLimit(s, async () => {
    for (let i = 0; i < n; i += 250) {
      const batch = c1Orders.slice(i, i + 250).map((c, j) => ({
        name: `Company 1 order ${c.id}`,
        price: 4900,
        pipeline_id: pipeline.pipelineId,
        status_id: (i + j) % 10 === 0 ? moved : initial,
        custom_fields_values: [{ field_id: 932792, values: [{ value: c.id }] }],
      }));
      const res = await fetch(`${s.amoSandbox.url}/api/v4/leads`, { method: 'POST', headers: { authorization: `Bearer ${SETUP_AMO_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
      if (!res.ok) throw new Error(`seeding deals: ${res.status} ${await res.text()}`);
      dealIds.push(...((await res.json()) as { _embedded: { leads: { id: number }[] } })._embedded.leads.map((l) => l.id));
    }
  });

  log(`reconciliation: starting ${n} order workflows following their deals…`);
  const settings = s.startSettings;
  const startedAt = Date.now();
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      c1Orders.slice(i, i + 50).map((c, j) => {
        const dealId = dealIds[i + j]!;
        const now = new Date().toISOString();
        return t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
          workflowId: orderWorkflowId(c.id),
          taskQueue: settings.taskQueue,
          args: [
            {
              orderId: c.id,
              stage: 2,
              amocrmTaskQueue: settings.amocrmTaskQueue,
              timings: settings.timings,
              resume: {
                state: { orderId: c.id, stage: 2, phase: 'following-deal', needsAttention: false, history: [], userId: c.userId, orderStatus: c.status, contactId: 1, dealId, deal: { seen: [] } },
                order: { orderId: c.id, userId: c.userId, customer: c.customer, service: c.service, status: c.status, cost: c.cost, createdAt: c.createdAt, closedByDetmir: false },
                ids: { contactId: 1, dealId },
                closure: { status: c.status, closedByDetmir: false, updatedAt: now },
                contactTries: 0,
                retryRequested: false,
                dealInbox: [],
              },
            },
          ],
          typedSearchAttributes: new TypedSearchAttributes([
            { key: DetmirOrderId, value: c.id },
            { key: IntegrationStage, value: 2 },
            { key: NeedsAttention, value: false },
            { key: AmoLeadId, value: dealId },
          ]),
        });
      }),
    );
    if (process.stderr.isTTY) process.stderr.write(`\r  ${Math.min(i + 50, n)}/${n}`);
  }
  log(`\n  started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; waiting for visibility…`);
  const query = `WorkflowType = "orderWorkflow" AND ExecutionStatus = "Running" AND IntegrationStage = 2 AND TaskQueue = "${settings.taskQueue}"`;
  for (;;) {
    const { count } = await t.client.workflow.count(query);
    if (count >= n) break;
    await sleep(1_000);
  }

  // What the reconciliation's own listing costs on this server (the dev server's SQLite visibility).
  const listStarted = Date.now();
  let listed = 0;
  for await (const _wf of t.client.workflow.list({ query })) listed += 1;
  const listSeconds = (Date.now() - listStarted) / 1000;
  log(`reconciliation: listing ${listed} open orders alone took ${listSeconds.toFixed(1)} s`);

  log('reconciliation: one run…');
  await s.amoAdmin.clearRequests();
  const runStarted = Date.now();
  const reconcile = await t.client.workflow.start<typeof reconcileDealsWorkflow>('reconcileDealsWorkflow', { taskQueue: settings.taskQueue, workflowId: `bench-reconcile-${randomUUID()}`, args: [] });
  const result = await reconcile.result();
  const reconcileSeconds = (Date.now() - runStarted) / 1000;
  const attempts = Math.max(...((await reconcile.fetchHistory()).events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0));
  const stats = await s.amoAdmin.requestStats();
  const reads = (await s.amoAdmin.requests()).map((r) => r.durationMs);
  const amoReadMs = Math.round(reads.reduce((a, b) => a + b, 0) / Math.max(1, reads.length));
  // Every moved deal's order updated in Company 1 (approved, then in work).
  const movedOrders = c1Orders.filter((_, i) => i % 10 === 0).map((c) => c.id);
  const caughtUpBy = Date.now() + 300_000;
  let behind = movedOrders;
  while (behind.length > 0 && Date.now() < caughtUpBy) {
    const all = new Map((await s.company1Admin.orders()).map((c) => [c.id, c.status]));
    behind = behind.filter((id) => all.get(id) !== 'in_work');
    if (behind.length > 0) await sleep(1_000);
  }
  const caughtUpSeconds = (Date.now() - runStarted) / 1000;
  const ids = new Set(c1Orders.map((c) => orderWorkflowId(c.id)));
  for (const id of ids) await t.client.workflow.getHandle(id).terminate('bench done').catch(() => undefined);
  return {
    openOrders: result.orders,
    reconcileAmoRequests: result.requests,
    amoRequestsSeen: stats.total,
    reconcileSeconds: Number(reconcileSeconds.toFixed(1)),
    listingSeconds: Number(listSeconds.toFixed(1)),
    activityAttempts: attempts,
    amoReadMsAverage: amoReadMs,
    signalled: result.signalled,
    movedDealsNotCaughtUp: behind.length,
    allCaughtUpSeconds: Number(caughtUpSeconds.toFixed(1)),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { orders: { type: 'string', default: '300' }, rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '30' }, 'open-orders': { type: 'string', default: '10000' } },
  });
  const t = await testTemporal();
  // Placing the orders is setup: amoCRM's limit is lifted for it (applying a webhook makes no amoCRM request).
  const s = await startStage1(t, { integrationStage: 2, company1Stage: 2, amoRateLimit: false, amoRequestsPerSecond: 50, amocrmActivitiesPerSecond: 60 });
  try {
    const hooks = Number(values.orders) > 0 ? await webhookRun(t, s, { orders: Number(values.orders), rate: Number(values.rate), seconds: Number(values.seconds) }) : undefined;
    if (hooks) log(`webhooks: ${JSON.stringify(hooks)}`);
    const open = Number(values['open-orders']);
    const reconciliation = open > 0 ? await reconciliationRun(t, s, open) : undefined;
    if (reconciliation) log(`reconciliation: ${JSON.stringify(reconciliation)}`);
    process.stdout.write(
      `${JSON.stringify({ ...(hooks ? { webhooksPerSecond: hooks.webhooksPerSecond, ackP99Ms: hooks.ackP99Ms, lost: hooks.notAcknowledged + hooks.ordersNotWhereTheirDealIs, moveToCompany1P50Ms: hooks.moveToCompany1P50Ms, moveToCompany1P95Ms: hooks.moveToCompany1P95Ms, ackP50Ms: hooks.ackP50Ms } : {}), ...(reconciliation ? { reconcileOpenOrders: reconciliation.openOrders, reconcileAmoRequests: reconciliation.reconcileAmoRequests, reconcileSeconds: reconciliation.reconcileSeconds } : {}) })}\n`,
    );
  } finally {
    await s.close();
    await t.close();
  }
}

// Exits once done. A Temporal call the harness left retrying (the lease renewal) may fire after the connection
// closed: that is the end of the bench, not a failure of it.
process.on('uncaughtException', (err) => {
  if (err.message === 'Channel has been shut down') process.exit(0);
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
