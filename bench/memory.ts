// `npm run bench:memory [-- --orders 10000 --cache 10000]`, by hand, not in CI: N stage-1 orders open at once,
// each waiting for Company 1's close (a timer of a day), held by one worker process (workers/main.ts, as in
// production) with its workflow cache sized for them (WORKER_MAX_CACHED_WORKFLOWS). The orders start as a
// continue-as-new starts them (past their deal and write-back, no amoCRM traffic): what is measured is what
// holding them costs. Prints the worker's and the dev server's RSS, idle and after touching a sample of orders.
// Last line: {"openOrders", "cachedWorkflows", "workerRssMiB", "workerRssAfterQueriesMiB", "devServerRssMiB"}.
// `--profile DIR`: where a held workflow's memory goes. The worker then runs its workflows in its main thread
// (TEMPORAL_DEBUG=1: the same reusable V8 context, no worker thread) with bench/heap-probe.ts preloaded; heap
// snapshots before and after the orders go to DIR, and the bench prints the heap's growth per order by kind
// of object, next to the RSS's (the rest is native: the SDK's Rust core, buffers). Its RSS figures are this
// mode's, not the default's (one thread less); compare them with a run without `--profile`.
// `--malloc-arenas N`: the worker runs with glibc's MALLOC_ARENA_MAX=N (fewer per-thread malloc arenas).
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TypedSearchAttributes } from '@temporalio/common';
import { DetmirOrderId, IntegrationStage, NeedsAttention } from '../temporal/search-attributes';
import { orderWorkflowId } from '../workflows/ids';
import { stateQuery } from '../workflows/order/contract';
import type { orderWorkflow } from '../workflows/order/workflow';
import { customerOrder, startStage1 } from '../test/support/stage1';
import { testTemporal } from '../test/support/temporal';
import { spawnWorker } from '../test/support/worker-process';
import { heapGrowth, summarizeHeapSnapshot } from '../scripts/heap-snapshot-summary';
import { runBench } from './run-bench';

const log = (line: string) => process.stderr.write(`${line}\n`);
/** What bench/heap-probe.ts writes for each snapshot. */
type ProbeFigures = { usage: NodeJS.MemoryUsage; snapshot: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

/** The dev server the harness started: the process whose command line names its port. */
function devServerPid(address: string): number | undefined {
  const port = address.split(':').at(-1)!;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const cmd = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        return [];
      }
    })();
    if (cmd[0]?.endsWith('temporal') && cmd.includes('start-dev') && cmd.includes(port)) return Number(pid);
  }
  return undefined;
}

async function main() {
  const { values } = parseArgs({ options: { orders: { type: 'string', default: '10000' }, cache: { type: 'string', default: '10000' }, profile: { type: 'string' }, 'malloc-arenas': { type: 'string' } } });
  const n = Number(values.orders);
  const cache = Number(values.cache);
  const profileDir = values.profile === undefined ? undefined : resolve(values.profile);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const t = await testTemporal();
  const s = await startStage1(t, { workers: 0, autoCloseAfterMs: 24 * 3_600_000, graceMs: 3_600_000 });
  const settings = {
    WORKER_MAX_CACHED_WORKFLOWS: String(cache),
    STAGE1_AUTO_CLOSE_AFTER: '24h',
    ...(values['malloc-arenas'] === undefined ? {} : { MALLOC_ARENA_MAX: values['malloc-arenas'] }),
  };
  const worker = profileDir
    ? spawnWorker(t, s, { ...settings, TEMPORAL_DEBUG: '1', HEAP_PROBE_DIR: profileDir }, ['--expose-gc', '--import', 'tsx', '--import', join(__dirname, 'heap-probe.ts')])
    : spawnWorker(t, s, settings);
  /** Has the probe take a snapshot (see bench/heap-probe.ts) and returns its memory figures. */
  const probe = async (): Promise<ProbeFigures> => {
    const from = worker.output().length;
    worker.child.kill('SIGWINCH');
    const deadline = Date.now() + 600_000;
    for (;;) {
      const written = /heap probe written: (.+)\n/.exec(worker.output().slice(from));
      if (written) return JSON.parse(readFileSync(written[1]!, 'utf8')) as ProbeFigures;
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) throw new Error('the worker exited while writing its heap snapshot');
      if (Date.now() > deadline) throw new Error('no heap snapshot from the worker after 10 minutes');
      await sleep(200);
    }
  };
  try {
    await worker.ready;
    const pid = worker.child.pid!;
    log(`worker ready: RSS ${rssMiB(pid)} MiB with no orders`);
    await sleep(5_000);
    const empty = profileDir ? await probe() : undefined;
    const start = s.startSettings;
    const ids: string[] = [];
    const startedAt = Date.now();
    for (let i = 0; i < n; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, n - i) }, async (_, j) => {
          const o = customerOrder();
          const orderId = String(900_000_000 + Math.floor(Math.random() * 90_000_000) * 10 + ((i + j) % 10));
          ids.push(orderId);
          const now = new Date().toISOString();
          await t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
            workflowId: orderWorkflowId(orderId),
            taskQueue: start.taskQueue,
            args: [
              {
                orderId,
                stage: 1,
                amocrmTaskQueue: start.amocrmTaskQueue,
                timings: { ...start.timings, autoCloseAfterMs: 24 * 3_600_000, graceMs: 3_600_000 },
                resume: {
                  state: { orderId, stage: 1, phase: 'writing-back', needsAttention: false, history: [], userId: o.userId, orderStatus: 'on_approval', contactId: 1, dealId: 1 },
                  order: { orderId, userId: o.userId, customer: o.customer, service: o.service, status: 'on_approval', cost: o.cost, createdAt: now, closedByDetmir: false },
                  ids: { contactId: 1, dealId: 1 },
                  closure: { status: 'on_approval', closedByDetmir: false, updatedAt: now },
                  contactTries: 0,
                  retryRequested: false,
                },
              },
            ],
            typedSearchAttributes: new TypedSearchAttributes([
              { key: DetmirOrderId, value: orderId },
              { key: IntegrationStage, value: 1 },
              { key: NeedsAttention, value: false },
            ]),
          });
        }),
      );
      if (process.stderr.isTTY) process.stderr.write(`\r  started ${Math.min(i + 100, n)}/${n}`);
    }
    log(`\n${n} orders started in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; waiting for the worker to take them all up…`);
    // Every order's first task done: a sample answers from the close wait, and the worker's RSS settles.
    let last = 0;
    for (;;) {
      await sleep(5_000);
      const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0);
      const phases = await Promise.all(sample.map((id) => t.client.workflow.getHandle(orderWorkflowId(id)).query(stateQuery).then((st) => st.phase, () => 'unreadable')));
      const rss = rssMiB(pid);
      log(`  worker RSS ${rss} MiB; sample phases: ${[...new Set(phases)].join(', ')}`);
      if (phases.every((p) => p === 'waiting-for-company1-close') && Math.abs(rss - last) < 10) break;
      last = rss;
    }
    await sleep(10_000);
    const workerRss = rssMiB(pid);
    const server = devServerPid(t.address);
    const devServerRss = server ? rssMiB(server) : -1;
    log(`${n} open orders: worker RSS ${workerRss} MiB (cache ${cache}), dev server RSS ${devServerRss} MiB`);
    if (empty) {
      const held = await probe();
      // Only the cached orders are in memory; the others wait in Temporal and replay on their next task.
      const cached = Math.min(n, cache);
      const perOrder = (k: keyof NodeJS.MemoryUsage) => `${((held.usage[k] - empty.usage[k]) / cached / 1024).toFixed(1)} KiB`;
      log(`per cached order (${cached}; after a full GC, workflows in the main thread): RSS ${perOrder('rss')}, V8 heap used ${perOrder('heapUsed')}, external ${perOrder('external')} (array buffers ${perOrder('arrayBuffers')})`);
      log('heap snapshot growth per cached order, by kind of object:');
      for (const line of heapGrowth(summarizeHeapSnapshot(empty.snapshot), summarizeHeapSnapshot(held.snapshot), cached, 25)) log(`  ${line}`);
    }
    // Touch 1,000 orders (queries run on the worker: cached ones answer from memory, evicted ones replay).
    const touched = ids.slice(0, Math.min(1000, n));
    for (let i = 0; i < touched.length; i += 50) await Promise.all(touched.slice(i, i + 50).map((id) => t.client.workflow.getHandle(orderWorkflowId(id)).query(stateQuery)));
    const afterQueries = rssMiB(pid);
    log(`after querying ${touched.length} of them: worker RSS ${afterQueries} MiB`);
    process.stdout.write(`${JSON.stringify({ openOrders: n, cachedWorkflows: cache, workerRssMiB: workerRss, workerRssAfterQueriesMiB: afterQueries, devServerRssMiB: devServerRss })}\n`);
  } catch (err) {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) log(`the worker exited (${worker.child.exitCode ?? worker.child.signalCode}):\n${worker.output().slice(-3000)}`);
    throw err;
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited.catch(() => undefined);
    await s.close();
    await t.close();
  }
}

runBench(main);
