// `npm run bench:backfill [-- --orders N --window W --mix production|half --repeats spread|last]`: N past Company 1 orders whose
// notifications were lost, then `orders backfill` over them through the real worker, the sandboxes and amoCRM's
// 7 requests/s. Mix `production` (default, issue 11's): a third new users, a third users whose contact is already
// in amoCRM, a third repeat customers (a second order of a user from the other two thirds); `half`: half new
// users, half users whose contact is in amoCRM (the first measurement's mix). Prints progress, then the time
// taken, amoCRM requests per order, 429s and duplicates. By hand, not in CI. Last line: JSON.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { DEFAULT_BACKFILL_WINDOW, progressLine, startBackfill, watchBackfill } from '../client/orders/backfill';
import { seedContactsAt } from '../test/amocrm/fixture';
import { customerOrder, SETUP_AMO_TOKEN, startStage1, withoutAmoRateLimit } from '../test/support/stage1';
import { testTemporal } from '../test/support/temporal';
import { runBench } from './run-bench';

type PastOrder = ReturnType<typeof customerOrder>;
/** Past orders are created in Company 1's sandbox this many at a time. */
const CREATED_AT_ONCE = 50;

/**
 * The orders, in creation order, and the users among them whose contact amoCRM already has. Repeat orders
 * come after their user's first order: at a random later place in the feed (`spread`, as a real feed mixes
 * them), or all after every first order (`last`, the harder order: no repeat can share the first orders'
 * busy time).
 */
function pastOrders(n: number, mix: 'production' | 'half', repeats: 'spread' | 'last'): { orders: PastOrder[]; returning: PastOrder[] } {
  if (mix === 'half') {
    const orders = Array.from({ length: n }, () => customerOrder());
    return { orders, returning: orders.slice(0, Math.floor(n / 2)) };
  }
  const third = Math.floor(n / 3);
  const returning = Array.from({ length: third }, () => customerOrder());
  const fresh = Array.from({ length: n - 2 * third }, () => customerOrder());
  const firsts = [...returning, ...fresh].sort(() => Math.random() - 0.5);
  // Repeat customers: a later order of a user of the first two thirds (the feed hands orders over oldest first).
  const repeatOf = Array.from({ length: third }, (_, i) => (i * 7) % firsts.length);
  const repeat = (at: number) => customerOrder({ userId: firsts[at]!.userId, phone: firsts[at]!.customer.phone });
  if (repeats === 'last') return { orders: [...firsts, ...repeatOf.map(repeat)], returning };
  // Each first order's slot carries the repeats placed after it: a random slot at least a creation batch
  // (50, created at once) later, so a repeat is never created before its user's first order.
  const after: PastOrder[][] = firsts.map(() => []);
  const last = firsts.length - 1;
  for (const at of repeatOf) {
    const from = Math.min(last, at + CREATED_AT_ONCE);
    after[from + Math.floor(Math.random() * (last - from + 1))]!.push(repeat(at));
  }
  return { orders: firsts.flatMap((first, i) => [first, ...after[i]!]), returning };
}

async function main() {
  const { values } = parseArgs({
    options: { orders: { type: 'string', default: '1000' }, window: { type: 'string', default: String(DEFAULT_BACKFILL_WINDOW) }, mix: { type: 'string', default: 'production' }, repeats: { type: 'string', default: 'spread' } },
  });
  const n = Number(values.orders);
  if (values.mix !== 'production' && values.mix !== 'half') throw new Error(`--mix: expected production or half, got ${values.mix}`);
  if (values.repeats !== 'spread' && values.repeats !== 'last') throw new Error(`--repeats: expected spread or last, got ${values.repeats}`);
  const t = await testTemporal();
  // Orders stay open (Company 1 closes them only after an hour): the backfill is what is measured.
  // The contact entities remember users as long as in production (a repeat order comes minutes after the first).
  const s = await startStage1(t, { autoCloseAfterMs: 3_600_000, contactEntityIdleMs: loadConfig({}).contactEntityIdleMs });
  const since = new Date(Date.now() - 1_000).toISOString();
  await s.company1Admin.setFaults({ dropNotifications: 1 });
  const { orders, returning } = pastOrders(n, values.mix, values.repeats);
  // Contacts made by someone else before the backfill, straight through the API in batches (not measured).
  await withoutAmoRateLimit(s, () => seedContactsAt(s.amoSandbox.url, SETUP_AMO_TOKEN, returning.map((o) => o.userId)));
  const ids = new Set<string>();
  for (let i = 0; i < n; i += CREATED_AT_ONCE) for (const o of await Promise.all(orders.slice(i, i + CREATED_AT_ONCE).map((x) => s.company1Admin.createOrder(x)))) ids.add(o.id);
  await s.company1Admin.clearFaults();
  await s.amoAdmin.clearRequests();
  process.stderr.write(`${n} past orders without a deal (${values.mix} mix${values.mix === 'production' ? `, repeat orders ${values.repeats}` : ''}); backfilling with a window of ${values.window}…\n`);

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
  // Where the requests went: searches cannot share a request, deal creates can.
  const byKind: Record<string, { count: number; avgMs: number }> = {};
  for (const r of await s.amoAdmin.requests()) {
    const kind = `${r.method} ${r.path.replace(/\/\d+/g, '/:id')}${r.url.includes('query=') ? '?query' : ''}`;
    const k = (byKind[kind] ??= { count: 0, avgMs: 0 });
    k.avgMs += (r.durationMs - k.avgMs) / ++k.count;
  }
  for (const k of Object.values(byKind)) k.avgMs = Math.round(k.avgMs);
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
    requestsByKind: byKind,
    minutesFor10k: Math.round((10_000 / (result.done / seconds) / 60) * 10) / 10,
  };
  process.stdout.write(`${progressLine(result)}\n${JSON.stringify(figures)}\n`);
  await s.close();
  await t.close();
}

runBench(main);
