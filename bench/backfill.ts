// `npm run bench:backfill [-- --orders N --window W]`: N past Company 1 orders whose notifications were lost
// (half new users, half users whose contact is already in amoCRM), then `orders backfill` over them through
// the real worker, the sandboxes and amoCRM's 7 requests/s. Prints progress, then the time taken, amoCRM
// requests per order, 429s and duplicates. By hand, not in CI. Last line: JSON.
import { parseArgs } from 'node:util';
import { DEFAULT_BACKFILL_WINDOW, progressLine, startBackfill, watchBackfill } from '../client/orders/backfill';
import { customerOrder, startStage1 } from '../test/support/stage1';
import { testTemporal } from '../test/support/temporal';
import { runBench } from './run-bench';

async function main() {
  const { values } = parseArgs({ options: { orders: { type: 'string', default: '1000' }, window: { type: 'string', default: String(DEFAULT_BACKFILL_WINDOW) } } });
  const n = Number(values.orders);
  const t = await testTemporal();
  // Orders stay open (Company 1 closes them only after an hour): the backfill is what is measured.
  const s = await startStage1(t, { autoCloseAfterMs: 3_600_000 });
  const since = new Date(Date.now() - 1_000).toISOString();
  await s.company1Admin.setFaults({ dropNotifications: 1 });
  const orders = Array.from({ length: n }, () => customerOrder());
  const returning = orders.slice(0, Math.floor(n / 2));
  const limits = (await s.amoAdmin.rateLimit()).settings;
  await s.amoAdmin.setRateLimit(false); // seeding the returning users' contacts is not measured
  for (const o of returning) await s.amo.createContact({ ...o.customer, detmirUserId: o.userId });
  await s.amoAdmin.setRateLimit(limits);
  const ids = new Set<string>();
  for (let i = 0; i < n; i += 50) for (const o of await Promise.all(orders.slice(i, i + 50).map((x) => s.company1Admin.createOrder(x)))) ids.add(o.id);
  await s.company1Admin.clearFaults();
  await s.amoAdmin.clearRequests();
  process.stderr.write(`${n} past orders without a deal; backfilling with a window of ${values.window}…\n`);

  const started = Date.now();
  const handle = await startBackfill(t.client, { since, ordersTaskQueue: t.taskQueues.orders, window: Number(values.window) });
  let last = 0;
  for (;;) {
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') break;
    if (Date.now() - last > 10_000) {
      last = Date.now();
      const line = await watchBackfill(handle).then(progressLine, (err: unknown) => `no progress answer (${String(err)})`);
      process.stderr.write(`  ${Math.round((Date.now() - started) / 1000)} s: ${line}\n`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const result = await handle.result();
  const seconds = (Date.now() - started) / 1000;
  const stats = await s.amoAdmin.requestStats();
  const leads = await s.amoAdmin.leads();
  const perOrder = new Map<string, number>();
  for (const lead of leads) {
    for (const [, id] of JSON.stringify(lead).matchAll(/"(\d+)"/g)) if (ids.has(id!)) perOrder.set(id!, (perOrder.get(id!) ?? 0) + 1);
  }
  const duplicates = [...perOrder.values()].filter((c) => c > 1).length;
  const figures = {
    orders: n,
    seconds: Math.round(seconds),
    ordersPerSecond: Math.round((result.done / seconds) * 100) / 100,
    amoRequestsPerOrder: Math.round((stats.total / n) * 100) / 100,
    rateLimited429: stats.rateLimited,
    maxInAnySecond: stats.maxInAnySecond,
    duplicates,
    withoutDeal: n - perOrder.size,
    done: result.done,
    needingAttention: result.needingAttention,
    minutesFor10k: Math.round((10_000 / (result.done / seconds) / 60) * 10) / 10,
  };
  process.stdout.write(`${progressLine(result)}\n${JSON.stringify(figures)}\n`);
  await s.close();
  await t.close();
}

runBench(main);
