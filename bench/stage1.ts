// `npm run bench:stage1 [-- --orders N]`: N orders (half from returning users) through both
// sandboxes, the webhook service and a real worker on a real Temporal dev server; once
// with amoCRM's real 7 requests/s limit, once without. By hand, not in CI.
import { parseArgs } from 'node:util';
import { customerOrder, startStage1, type Stage1, type Stage1Options } from '../test/support/stage1';
import { testTemporal, type TestTemporal } from '../test/support/temporal';

interface RunResult {
  label: string;
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  amoRequestsPerOrder: number;
  rateLimited429: number;
  p50Ms: number;
  p95Ms: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function run(t: TestTemporal, label: string, n: number, options: Stage1Options): Promise<RunResult> {
  // The harness runs the production defaults (client limiter 7/s, the configured queue rate).
  const s: Stage1 = await startStage1(t, { ...options, autoCloseAfterMs: 3_600_000 });
  try {
    // Returning users already have their contact in amoCRM (created before measuring).
    const returning = Array.from({ length: Math.floor(n / 2) }, () => customerOrder());
    for (const o of returning) await s.amo.createContact({ ...o.customer, detmirUserId: o.userId });
    await s.amoAdmin.clearRequests();
    const inputs = [...returning, ...Array.from({ length: n - returning.length }, () => customerOrder())].sort(() => Math.random() - 0.5);

    const started = Date.now();
    const created = await Promise.all(inputs.map((o) => s.company1Admin.createOrder(o)));
    const ids = new Set(created.map((o) => o.id));
    let written: Awaited<ReturnType<typeof s.company1Admin.orders>> = [];
    for (;;) {
      written = (await s.company1Admin.orders()).filter((o) => ids.has(o.id) && o.additionalInfo.externalId !== undefined);
      if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${written.length}/${n} orders written back`);
      if (written.length === n) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    process.stderr.write('\n');
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
    return {
      label,
      orders: n,
      seconds: Number(seconds.toFixed(1)),
      ordersPerSecond: Number((n / seconds).toFixed(2)),
      amoRequestsPerOrder: Number((stats.total / n).toFixed(2)),
      rateLimited429: stats.rateLimited,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
    };
  } finally {
    await s.close();
  }
}

async function main() {
  const { values } = parseArgs({ options: { orders: { type: 'string', default: '300' }, 'queue-rate': { type: 'string' }, 'only-limited': { type: 'boolean' } } });
  const n = Number(values.orders);
  const queueRate = values['queue-rate'] ? { amocrmActivitiesPerSecond: Number(values['queue-rate']) } : {};
  const t = await testTemporal();
  try {
    const limited = await run(t, 'amoCRM limit on (7/s)', n, queueRate);
    const runs = [limited];
    if (!values['only-limited']) runs.push(await run(t, 'amoCRM limit off', n, { ...queueRate, amoRateLimit: false }));
    for (const r of runs) {
      const target = 0.9 * (7 / r.amoRequestsPerOrder);
      process.stdout.write(
        `${r.label}: ${r.orders} orders in ${r.seconds} s = ${r.ordersPerSecond} orders/s ` +
          `(90% of 7/${r.amoRequestsPerOrder} = ${target.toFixed(2)}), ${r.amoRequestsPerOrder} amoCRM requests/order, ` +
          `${r.rateLimited429} × 429, creation→additionalInfo p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms\n`,
      );
    }
    const { ordersPerSecond, amoRequestsPerOrder, rateLimited429, p95Ms } = limited;
    process.stdout.write(`${JSON.stringify({ ordersPerSecond, amoRequestsPerOrder, rateLimited429, p95Ms })}\n`);
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
