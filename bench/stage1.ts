// `npm run bench:stage1 [-- --orders N]`: a burst of N orders through both sandboxes, the webhook service and a
// real worker on a real Temporal dev server; once with amoCRM's real 7 requests/s limit, once without. By hand,
// not in CI. The mix is production's (issue 11): a third new users, a third returning users whose contact exists
// in amoCRM but whom the integration never served, a third users the integration served before (their earlier
// order done; their contact entity remembers the contact, CONTACT_ENTITY_IDLE). Then lone orders, one at a time.
// Last line: {"ordersPerSecond", "amoRequestsPerOrder", "rateLimited429", "p95Ms", "loneOrderP50Ms"}. `--ceiling`: one run with
// every amoCRM limit lifted, and what an order costs Temporal (events, workflow tasks, activities, upserts).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { customerOrder, startStage1, type Stage1, type Stage1Options } from '../test/support/stage1';
import { testTemporal, type TestTemporal } from '../test/support/temporal';
import { spawnWorker } from '../test/support/worker-process';

interface RunResult {
  label: string;
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  amoRequestsPerOrder: number;
  rateLimited429: number;
  p50Ms: number;
  p95Ms: number;
  loneOrderP50Ms: number;
  /** The burst's order ids (the ceiling run reads their histories). */
  orderIds: string[];
}

/** The production default: a user served in the last days still has the entity that remembers their contact. */
const ENTITY_IDLE_MS = loadConfig({}).contactEntityIdleMs;

async function writtenBack(s: Stage1, ids: Set<string>, label: string) {
  for (;;) {
    const written = (await s.company1Admin.orders()).filter((o) => ids.has(o.id) && o.additionalInfo.externalId !== undefined);
    if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${written.length}/${ids.size} orders written back`);
    if (written.length === ids.size) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      return written;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The worker in its own process (`workers/main.ts`, configured by these settings) instead of in the bench's. */
interface WorkerProcess {
  settings: Record<string, string>;
  nodeArgs?: string[];
}

async function run(t: TestTemporal, label: string, n: number, options: Stage1Options, workerProcess?: WorkerProcess): Promise<RunResult> {
  // The harness runs the production defaults (client limiter 7/s, the configured queue rate).
  const s: Stage1 = await startStage1(t, { ...options, autoCloseAfterMs: 3_600_000, contactEntityIdleMs: ENTITY_IDLE_MS, ...(workerProcess ? { workers: 0 as const } : {}) });
  const worker = workerProcess ? spawnWorker(t, s, workerProcess.settings, workerProcess.nodeArgs) : undefined;
  try {
    await worker?.ready;
    const third = Math.floor(n / 3);
    // Returning users: their contact is in amoCRM (created by someone else, before measuring).
    const returning = Array.from({ length: third }, () => customerOrder());
    for (const o of returning) await s.amo.createContact({ ...o.customer, detmirUserId: o.userId });
    // Served users: an earlier order of theirs went through the integration (its entity remembers the contact).
    const served = Array.from({ length: third }, () => customerOrder());
    const earlier = await Promise.all(served.map((o) => s.company1Admin.createOrder(o)));
    await writtenBack(s, new Set(earlier.map((o) => o.id)), `${label}, earlier orders of served users`);
    await s.amoAdmin.clearRequests();
    const fresh = Array.from({ length: n - 2 * third }, () => customerOrder());
    const inputs = [...returning, ...served.map((o) => customerOrder({ userId: o.userId, phone: o.customer.phone })), ...fresh].sort(() => Math.random() - 0.5);

    const started = Date.now();
    const created = await Promise.all(inputs.map((o) => s.company1Admin.createOrder(o)));
    const written = await writtenBack(s, new Set(created.map((o) => o.id)), label);
    const latencies = written.map((o) => Date.parse(o.updatedAt) - Date.parse(o.createdAt)).sort((a, b) => a - b);
    const finished = Math.max(...written.map((o) => Date.parse(o.updatedAt)));
    const seconds = (finished - started) / 1000;
    const stats = await s.amoAdmin.requestStats();
    const times = (await s.amoAdmin.requests()).map((r) => r.time).sort((a, b) => a - b);
    const amoSpan = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    process.stderr.write(
      `${label}: amoCRM saw ${stats.total} requests over ${amoSpan.toFixed(1)} s = ${(stats.total / amoSpan).toFixed(2)}/s while busy, ` +
        `max ${stats.maxInAnySecond} in any second; first amoCRM request ${((times[0] ?? started) - started) / 1000} s after the first order\n`,
    );
    // Lone orders at low load, one at a time (new users: the common case of a quiet hour).
    const lone: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const order = await s.company1Admin.createOrder(customerOrder());
      const [done] = await writtenBack(s, new Set([order.id]), `${label}, lone order ${i + 1}`);
      lone.push(Date.parse(done!.updatedAt) - Date.parse(done!.createdAt));
      await new Promise((r) => setTimeout(r, 1_000));
    }
    lone.sort((a, b) => a - b);
    return {
      label,
      orders: n,
      seconds: Number(seconds.toFixed(1)),
      ordersPerSecond: Number((n / seconds).toFixed(2)),
      amoRequestsPerOrder: Number((stats.total / n).toFixed(2)),
      rateLimited429: stats.rateLimited,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      loneOrderP50Ms: percentile(lone, 50),
      orderIds: created.map((o) => o.id),
    };
  } finally {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await s.close();
  }
}

/** What an order costs Temporal up to its write-back: events and workflow tasks of its workflow (a sample). */
async function temporalCost(t: TestTemporal, orderIds: string[]) {
  const sample = orderIds.slice(0, 50);
  let events = 0;
  let tasks = 0;
  let activities = 0;
  let localActivities = 0;
  let upserts = 0;
  for (const id of sample) {
    const history = await t.client.workflow.getHandle(`order-${id}`).fetchHistory();
    for (const e of history.events ?? []) {
      events += 1;
      if (e.workflowTaskCompletedEventAttributes) tasks += 1;
      if (e.activityTaskScheduledEventAttributes) activities += 1;
      if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') localActivities += 1;
      if (e.upsertWorkflowSearchAttributesEventAttributes) upserts += 1;
    }
  }
  const per = (x: number) => Number((x / sample.length).toFixed(1));
  return { sampled: sample.length, eventsPerOrder: per(events), workflowTasksPerOrder: per(tasks), activitiesPerOrder: per(activities), localActivitiesPerOrder: per(localActivities), searchAttributeUpsertsPerOrder: per(upserts) };
}

/**
 * `--ceiling`: every amoCRM limit lifted (sandbox, client limiter, queue rate): the system's own ceiling.
 * `--worker-process`: the worker in its own process; `--profile DIR`: and a CPU profile of it in DIR
 * (summarize with `npx tsx scripts/cpu-profile-summary.ts DIR/*.cpuprofile`).
 */
async function ceiling(t: TestTemporal, n: number, worker: { own: boolean; profileDir?: string }): Promise<void> {
  const lifted = { amoRateLimit: false as const, amoRequestsPerSecond: 10_000, amocrmActivitiesPerSecond: 10_000 };
  const settings = {
    AMOCRM_REQUESTS_PER_SECOND: '10000',
    AMOCRM_TASK_QUEUE_RATE: '10000',
  };
  const nodeArgs = worker.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(worker.profileDir)}`] : [];
  const label = worker.own ? 'every amoCRM limit lifted, worker in its own process' : 'every amoCRM limit lifted';
  const r = await run(t, label, n, lifted, worker.own ? { settings, nodeArgs } : undefined);
  const cost = await temporalCost(t, r.orderIds);
  process.stderr.write(`Temporal per order up to the write-back (order workflow, ${cost.sampled} sampled; the contact entity is extra): ${JSON.stringify(cost)}\n`);
  process.stdout.write(`${JSON.stringify({ ordersPerSecond: r.ordersPerSecond, amoRequestsPerOrder: r.amoRequestsPerOrder, p50Ms: r.p50Ms, p95Ms: r.p95Ms, ...cost })}\n`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '300' },
      'queue-rate': { type: 'string' },
      'only-limited': { type: 'boolean' },
      ceiling: { type: 'boolean' },
      'worker-process': { type: 'boolean' },
      profile: { type: 'string' },
    },
  });
  const n = Number(values.orders);
  const queueRate = values['queue-rate'] ? { amocrmActivitiesPerSecond: Number(values['queue-rate']) } : {};
  const t = await testTemporal();
  try {
    if (values.ceiling) return await ceiling(t, n, { own: values['worker-process'] === true || values.profile !== undefined, profileDir: values.profile });
    const limited = await run(t, 'amoCRM limit on (7/s)', n, queueRate);
    const runs = [limited];
    if (!values['only-limited']) runs.push(await run(t, 'amoCRM limit off', n, { ...queueRate, amoRateLimit: false }));
    for (const r of runs) {
      const target = 0.9 * (7 / r.amoRequestsPerOrder);
      process.stdout.write(
        `${r.label}: ${r.orders} orders in ${r.seconds} s = ${r.ordersPerSecond} orders/s ` +
          `(90% of 7/${r.amoRequestsPerOrder} = ${target.toFixed(2)}), ${r.amoRequestsPerOrder} amoCRM requests/order, ` +
          `${r.rateLimited429} × 429, creation→additionalInfo p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms; a lone order p50 ${r.loneOrderP50Ms} ms\n`,
      );
    }
    const { ordersPerSecond, amoRequestsPerOrder, rateLimited429, p95Ms, loneOrderP50Ms } = limited;
    process.stdout.write(`${JSON.stringify({ ordersPerSecond, amoRequestsPerOrder, rateLimited429, p95Ms, loneOrderP50Ms })}\n`);
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
