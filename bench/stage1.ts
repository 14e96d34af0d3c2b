// `npm run bench:stage1 [-- --orders N]`: a burst of N orders through both sandboxes, the webhook service and a
// real worker on a real Temporal dev server; once with amoCRM's real 7 requests/s limit, once without. By hand,
// not in CI. The mix is production's (issue 11): a third new users, a third returning users whose contact exists
// in amoCRM but whom the integration never served, a third users the integration served before (their earlier
// order done; their contact entity remembers the contact, CONTACT_ENTITY_IDLE). Then lone orders, one at a time.
// Last line: {"ordersPerSecond", "amoRequestsPerOrder", "rateLimited429", "p95Ms", "loneOrderP50Ms"}. `--ceiling`: one run with
// every amoCRM limit lifted, and what an order costs Temporal (events, workflow tasks, activities, upserts).
// `--amo-latency MS`: the amoCRM sandbox answers MS later, as the real one does; `--trace`: how far the orders had got.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { loadConfig } from '../config';
import { customerOrder, startStage1, type Stage1, type Stage1Options } from '../test/support/stage1';
import { testTemporal, type TestTemporal } from '../test/support/temporal';
import { spawnWorker } from '../test/support/worker-process';
import { orderWorkflowId, userContactWorkflowId } from '../workflows/ids';

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
  /** With the worker in its own process: its CPU time (user + system) from the first order to the last write-back, per order. */
  workerCpuMsPerOrder?: number;
}

/** A process's CPU time so far (user + system), from /proc (Linux). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

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

/**
 * Where a burst's seconds went: amoCRM requests in each second after the first order, by kind. A second
 * below 7 while orders still wait is budget lost (the limiter's hold, a lane gathering, nothing queued).
 */
function timeline(requests: { time: number; method: string; url: string }[], started: number, finished: number): string {
  const seconds = Math.ceil((finished - started) / 1000);
  const rows = Array.from({ length: seconds }, () => ({ search: 0, create: 0, other: 0 }));
  for (const r of requests) {
    const row = rows[Math.floor((r.time - started) / 1000)];
    if (!row) continue;
    if (r.url.includes('query=')) row.search += 1;
    else if (r.method === 'POST' && /\/leads(\/complex)?(\?|$)/.test(r.url)) row.create += 1;
    else row.other += 1;
  }
  return rows.map((r, i) => `  ${String(i).padStart(3)} s: ${r.search + r.create + r.other} = ${r.search} + ${r.create} + ${r.other}`).join('\n');
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The worker in its own process (`workers/main.ts`, configured by these settings) instead of in the bench's. */
interface WorkerProcess {
  settings: Record<string, string>;
  nodeArgs?: string[];
}

/** How a run differs from the default one. */
interface RunSettings {
  workerProcess?: WorkerProcess;
  /** Print how far the orders had got, second by second (`--trace`). */
  trace?: boolean;
  /** The amoCRM sandbox answers this much later (after counting the request), as the real one over the internet. */
  amoLatencyMs?: number;
}

async function run(t: TestTemporal, label: string, n: number, options: Stage1Options, { workerProcess, trace = false, amoLatencyMs = 0 }: RunSettings = {}): Promise<RunResult> {
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
    if (amoLatencyMs > 0) await s.amoAdmin.setFaults({ latencyMs: amoLatencyMs });
    await s.amoAdmin.clearRequests();
    const fresh = Array.from({ length: n - 2 * third }, () => customerOrder());
    const inputs = [...returning, ...served.map((o) => customerOrder({ userId: o.userId, phone: o.customer.phone })), ...fresh].sort(() => Math.random() - 0.5);

    const started = Date.now();
    const workerCpuBefore = worker?.child.pid === undefined ? undefined : processCpuMs(worker.child.pid);
    const created = await Promise.all(inputs.map((o) => s.company1Admin.createOrder(o)));
    const written = await writtenBack(s, new Set(created.map((o) => o.id)), label);
    const workerCpuMs = workerCpuBefore === undefined ? undefined : processCpuMs(worker!.child.pid!) - workerCpuBefore;
    const latencies = written.map((o) => Date.parse(o.updatedAt) - Date.parse(o.createdAt)).sort((a, b) => a - b);
    const finished = Math.max(...written.map((o) => Date.parse(o.updatedAt)));
    const seconds = (finished - started) / 1000;
    const stats = await s.amoAdmin.requestStats();
    const requests = await s.amoAdmin.requests();
    const times = requests.map((r) => r.time).sort((a, b) => a - b);
    const amoSpan = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    process.stderr.write(
      `${label}: amoCRM saw ${stats.total} requests over ${amoSpan.toFixed(1)} s = ${(stats.total / amoSpan).toFixed(2)}/s while busy, ` +
        `max ${stats.maxInAnySecond} in any second; first amoCRM request ${((times[0] ?? started) - started) / 1000} s after the first order\n`,
    );
    process.stderr.write(`${label}, amoCRM requests second by second after the first order (search, deal create, other):\n${timeline(requests, started, finished)}\n`);
    if (trace) process.stderr.write(`${label}, how far the orders had got:\n${await funnel(t, created.map((o) => o.id), inputs.map((o) => o.userId), started)}\n`);
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
      ...(workerCpuMs === undefined ? {} : { workerCpuMsPerOrder: Number((workerCpuMs / n).toFixed(1)) }),
    };
  } finally {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await s.close();
  }
}

/**
 * `--trace`: how far the burst's orders had got second by second (read back from their histories and their
 * users' contact entities): where orders wait while amoCRM's budget goes unused.
 */
async function funnel(t: TestTemporal, orderIds: string[], userIds: string[], started: number): Promise<string> {
  const reached = new Map<string, number[]>();
  const mark = (stage: string, at: Date | undefined | null) => {
    if (at) (reached.get(stage) ?? reached.set(stage, []).get(stage)!).push(at.getTime() - started);
  };
  const timeOf = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) =>
    e.eventTime ? new Date(Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6)) : undefined;
  // Each workflow's start and its activities' steps, as the history dates them.
  const markHistory = (events: HistoryEvent[], prefix: string) => {
    mark(`${prefix}started`, timeOf(events[0]!));
    const scheduled = new Map<string, string>();
    for (const e of events) {
      const type = e.activityTaskScheduledEventAttributes?.activityType?.name;
      if (type) {
        scheduled.set(String(e.eventId), type);
        mark(`${prefix}${type} scheduled`, timeOf(e));
      }
      const startedOf = e.activityTaskStartedEventAttributes;
      if (startedOf) mark(`${prefix}${scheduled.get(String(startedOf.scheduledEventId))} started`, timeOf(e));
      const completedOf = e.activityTaskCompletedEventAttributes;
      if (completedOf) mark(`${prefix}${scheduled.get(String(completedOf.scheduledEventId))} completed`, timeOf(e));
    }
  };
  for (const id of orderIds) markHistory((await t.client.workflow.getHandle(orderWorkflowId(id)).fetchHistory()).events ?? [], 'order ');
  for (const userId of userIds) {
    const events = (await t.client.workflow.getHandle(userContactWorkflowId(userId)).fetchHistory()).events ?? [];
    // A served user's entity started before the burst: not part of it.
    if (timeOf(events[0]!)!.getTime() >= started) markHistory(events, 'entity ');
  }
  const last = Math.max(...[...reached.values()].flat());
  const columns = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32].filter((s) => s * 1000 < last + 1000);
  const rows = [...reached.entries()].sort((a, b) => Math.min(...a[1]) - Math.min(...b[1]));
  return [
    `  ${'by second'.padEnd(40)}${columns.map((c) => String(c).padStart(6)).join('')}`,
    ...rows.map(([stage, at]) => `  ${stage.padEnd(40)}${columns.map((c) => String(at.filter((ms) => ms < c * 1000).length).padStart(6)).join('')}`),
  ].join('\n');
}

/** What an order costs Temporal up to its write-back: events and workflow tasks of its workflow (a sample). */
async function temporalCost(t: TestTemporal, orderIds: string[]) {
  const sample = orderIds.slice(0, 50);
  let events = 0;
  let tasks = 0;
  let activities = 0;
  let localActivities = 0;
  let upserts = 0;
  let signals = 0;
  for (const id of sample) {
    const history = await t.client.workflow.getHandle(orderWorkflowId(id)).fetchHistory();
    for (const e of history.events ?? []) {
      events += 1;
      if (e.workflowTaskCompletedEventAttributes) tasks += 1;
      if (e.activityTaskScheduledEventAttributes) activities += 1;
      if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') localActivities += 1;
      if (e.upsertWorkflowSearchAttributesEventAttributes) upserts += 1;
      if (e.workflowExecutionSignaledEventAttributes) signals += 1;
    }
  }
  const per = (x: number) => Number((x / sample.length).toFixed(1));
  return { sampled: sample.length, eventsPerOrder: per(events), workflowTasksPerOrder: per(tasks), activitiesPerOrder: per(activities), localActivitiesPerOrder: per(localActivities), searchAttributeUpsertsPerOrder: per(upserts), signalsPerOrder: per(signals) };
}

/**
 * `--ceiling`: every amoCRM limit lifted (sandbox, client limiter, queue rate): the system's own ceiling.
 * `--worker-process`: the worker in its own process, and its CPU time per order; `--profile DIR`: and a CPU
 * profile of it in DIR (summarize with `npx tsx scripts/cpu-profile-summary.ts DIR/*.cpuprofile`);
 * `--malloc-arenas N`: the worker in its own process with glibc's MALLOC_ARENA_MAX=N (docs/deploy.md).
 */
async function ceiling(t: TestTemporal, n: number, worker: { own: boolean; profileDir?: string; mallocArenas?: string }): Promise<void> {
  const lifted = { amoRateLimit: false as const, amoRequestsPerSecond: 10_000, amocrmActivitiesPerSecond: 10_000 };
  const settings = {
    AMOCRM_REQUESTS_PER_SECOND: '10000',
    AMOCRM_TASK_QUEUE_RATE: '10000',
    ...(worker.mallocArenas === undefined ? {} : { MALLOC_ARENA_MAX: worker.mallocArenas }),
  };
  const nodeArgs = worker.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(worker.profileDir)}`] : [];
  const label = worker.own ? 'every amoCRM limit lifted, worker in its own process' : 'every amoCRM limit lifted';
  const r = await run(t, label, n, lifted, worker.own ? { workerProcess: { settings, nodeArgs } } : {});
  const cost = await temporalCost(t, r.orderIds);
  process.stderr.write(`Temporal per order up to the write-back (order workflow, ${cost.sampled} sampled; the contact entity is extra): ${JSON.stringify(cost)}\n`);
  const workerCpu = r.workerCpuMsPerOrder === undefined ? {} : { workerCpuMsPerOrder: r.workerCpuMsPerOrder };
  process.stdout.write(`${JSON.stringify({ ordersPerSecond: r.ordersPerSecond, amoRequestsPerOrder: r.amoRequestsPerOrder, p50Ms: r.p50Ms, p95Ms: r.p95Ms, ...workerCpu, ...cost })}\n`);
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
      trace: { type: 'boolean' },
      'amo-latency': { type: 'string', default: '0' },
      'malloc-arenas': { type: 'string' },
    },
  });
  const n = Number(values.orders);
  const queueRate = values['queue-rate'] ? { amocrmActivitiesPerSecond: Number(values['queue-rate']) } : {};
  const t = await testTemporal();
  try {
    const mallocArenas = values['malloc-arenas'];
    if (mallocArenas !== undefined && !values.ceiling) throw new Error('--malloc-arenas goes with --ceiling (the worker in its own process)');
    if (mallocArenas !== undefined && !/^[1-9]\d*$/.test(mallocArenas)) throw new Error(`--malloc-arenas must be a whole number of arenas, got ${mallocArenas}`);
    if (values.ceiling) {
      const own = values['worker-process'] === true || values.profile !== undefined || mallocArenas !== undefined;
      return await ceiling(t, n, { own, profileDir: values.profile, mallocArenas });
    }
    const amoLatencyMs = Number(values['amo-latency']);
    if (!Number.isInteger(amoLatencyMs) || amoLatencyMs < 0) throw new Error(`--amo-latency must be whole milliseconds, got ${values['amo-latency']}`);
    const settings: RunSettings = { trace: values.trace === true, amoLatencyMs };
    const limited = await run(t, 'amoCRM limit on (7/s)', n, queueRate, settings);
    const runs = [limited];
    if (!values['only-limited']) runs.push(await run(t, 'amoCRM limit off', n, { ...queueRate, amoRateLimit: false }, settings));
    for (const r of runs) {
      const target = 0.9 * (7 / r.amoRequestsPerOrder);
      process.stdout.write(
        `${r.label}: ${r.orders} orders in ${r.seconds} s = ${r.ordersPerSecond} orders/s ` +
          `(90% of 7/${r.amoRequestsPerOrder} = ${target.toFixed(2)}), ${r.amoRequestsPerOrder} amoCRM requests/order, ` +
          `${r.rateLimited429} × 429, creation→additionalInfo p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms; a lone order p50 ${r.loneOrderP50Ms} ms` +
          `${amoLatencyMs > 0 ? ` (amoCRM answering ${amoLatencyMs} ms late throughout)` : ''}\n`,
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
