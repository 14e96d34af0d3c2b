import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import { setupCluster } from '../../client/cluster-setup';
import { SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { type OrderState, stateQuery } from '../../workflows/order/contract';
import { customerOrder } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';
import { startClusterTopology, type ClusterTopology } from './topology';

// The production topology (npm run cluster) under the test tier: the Temporal server v1.29.1 on
// PostgreSQL with its default dynamic config (several partitions per task queue), two worker
// processes, two webhook services, the sandboxes. One system for the whole file, in order:
// stage 1, a worker crash, a rolling deploy to stage 2, a server crash, then amoCRM's 7/s.

type Order = ReturnType<typeof customerOrder>;

describe('on a real Temporal cluster (server on PostgreSQL, 2 workers, 2 webhook services)', () => {
  let c: ClusterTopology;
  const orderIds: string[] = [];
  const users = new Set<string>();

  before(async () => {
    c = await startClusterTopology();
  });
  after(async () => {
    await c?.close();
  });

  async function place(orders: Order[]) {
    const placed = [];
    for (const o of orders) {
      const created = await c.company1Admin.createOrder(o);
      orderIds.push(created.id);
      users.add(o.userId);
      placed.push({ orderId: created.id, userId: o.userId, handle: await orderWorkflowHandle(c.client, created.id) });
    }
    return placed;
  }

  async function inPhase(handle: Awaited<ReturnType<typeof place>>[number]['handle'], phase: OrderState['phase'], timeoutMs = 90_000) {
    return eventually(`${handle.workflowId} in phase ${phase}`, async () => {
      const state = await handle.query(stateQuery);
      return state.phase === phase ? state : undefined;
    }, timeoutMs, 500);
  }

  it('the setup command registered the namespace, its retention, our search attributes and the amocrm queue; a second run changes nothing', async () => {
    assert.match(c.setupLines.join('\n'), /namespace default: registered, retention 1d/);
    const connection = await Connection.connect({ address: c.server.address });
    try {
      const again = await setupCluster(connection, c.setup);
      assert.deepEqual(again.slice(0, 2), ['namespace default: exists, retention 1d', `search attributes: all ${SEARCH_ATTRIBUTES.length} present`]);
      const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const key of SEARCH_ATTRIBUTES) assert.ok(key.name in (listed.customAttributes ?? {}), `${key.name} registered`);
      const queue = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: 'amocrm' }, taskQueueType: 2, reportConfig: true });
      assert.equal(queue.config?.queueRateLimit?.rateLimit?.requestsPerSecond, 10);
    } finally {
      await connection.close();
    }
  });

  it('stage 1: new, returning and repeat customers through both workers: one contact per user, one deal per order, each closed', async () => {
    const returning = Array.from({ length: 3 }, () => customerOrder());
    for (const r of returning) await c.amo.createContact({ ...r.customer, detmirUserId: r.userId });
    await c.amoAdmin.clearRequests(); // the seeding is not under test
    const repeat = customerOrder();
    const orders = [...Array.from({ length: 6 }, () => customerOrder()), ...returning, repeat, { ...customerOrder(), userId: repeat.userId }];
    const placed = await place(orders);
    for (const p of placed) assert.equal((await p.handle.result()).phase, 'completed', `${p.orderId} completed`);
    const histories = await Promise.all(placed.map((p) => p.handle.fetchHistory()));
    const identities = new Set(histories.flatMap((h) => (h.events ?? []).map((e) => e.workflowTaskCompletedEventAttributes?.identity).filter(Boolean)));
    assert.ok(identities.size >= 2, `both worker processes ran workflow tasks (${[...identities].join(', ')})`);
  });

  it('a worker SIGKILLed mid-order: the other worker and a replacement finish every order, no deal twice', async () => {
    const placed = await place(Array.from({ length: 8 }, () => customerOrder()));
    // Some deals created, others not yet: the crash lands in the middle of the burst.
    await eventually('a first deal', async () => ((await c.amoAdmin.leads()).length > 0 ? true : undefined));
    await c.killWorker(0);
    await c.startWorker(0);
    for (const p of placed) assert.equal((await p.handle.result()).phase, 'completed', `${p.orderId} completed`);
  });

  it('a rolling deploy to stage 2, then stage-2 orders end to end: the deal\'s stages drive Company 1\'s order', async () => {
    await c.deployStage(2);
    const placed = await place(Array.from({ length: 3 }, () => customerOrder()));
    for (const p of placed) {
      const state = await inPhase(p.handle, 'following-deal');
      await c.amoAdmin.moveDeal(state.dealId!, 'Recorded for trial');
      await c.amoAdmin.moveDeal(state.dealId!, 'Confirmed VU');
      await c.amoAdmin.moveDeal(state.dealId!, 142);
    }
    for (const p of placed) {
      assert.equal((await p.handle.result()).orderStatus, 'executed');
      assert.equal((await c.company1Admin.order(p.orderId)).status, 'executed');
    }
  });

  it('the Temporal server SIGKILLed and restarted mid-flight: every order completes, a deal moved while it was down included', async (t) => {
    const before = await place(Array.from({ length: 2 }, () => customerOrder()));
    const deals = await Promise.all(before.map(async (p) => (await inPhase(p.handle, 'following-deal')).dealId!));
    const burst = await place(Array.from({ length: 6 }, () => customerOrder()));
    await c.server.kill();
    const down = await fetch(`${c.opsUrls.webhooks[0]}/readyz`);
    assert.equal(down.status, 503, 'a webhook service is not ready while Temporal is down');
    assert.match(((await down.json()) as { checks: { temporal: string } }).checks.temporal, /^failing/);
    assert.equal((await fetch(`${c.opsUrls.workers[0]}/livez`)).status, 200, 'but it is alive (no restart needed)');
    const leads = JSON.stringify(await c.amoAdmin.leads());
    t.diagnostic(`at the kill, ${burst.filter((p) => !leads.includes(`"${p.orderId}"`)).length} of ${burst.length} new orders had no deal yet`);
    // While it is down a manager moves a deal: its webhook fails (amoCRM tries again only minutes
    // later), and the reconciliation finds the move by comparing open orders' deals with amoCRM.
    await c.amoAdmin.moveDeal(deals[0]!, 'Recorded for trial');
    await new Promise((r) => setTimeout(r, 3_000));
    await c.server.restart();
    for (const url of [...c.opsUrls.workers, ...c.opsUrls.webhooks]) {
      await eventually(`${url}/readyz after the restart`, async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), 60_000, 500);
    }

    await eventually('the move made during the outage to reach Company 1', async () => ((await c.company1Admin.order(before[0]!.orderId)).status === 'approved' ? true : undefined), 120_000, 1_000);
    for (const p of [...before, ...burst]) {
      const state = await inPhase(p.handle, 'following-deal');
      await c.amoAdmin.moveDeal(state.dealId!, 143);
    }
    for (const p of [...before, ...burst]) assert.equal((await p.handle.result()).orderStatus, 'rejected', `${p.orderId} rejected`);
  });

  it('nothing lost or duplicated across it all: one deal per order, one contact per user, each Company 1 status set once', async () => {
    const leads = await c.amoAdmin.leads();
    const contacts = await c.amoAdmin.contacts();
    for (const id of orderIds) assert.equal(leads.filter((l) => JSON.stringify(l).includes(`"${id}"`)).length, 1, `one deal for order ${id}`);
    for (const user of users) assert.equal(contacts.filter((k) => JSON.stringify(k).includes(`"${user}"`)).length, 1, `one contact for ${user}`);
    const statusSets = (await c.company1Admin.requests()).filter((r) => r.method === 'PATCH' && r.status === 200 && r.body !== undefined && 'status' in (r.body as object));
    const seen = new Map<string, number>();
    for (const r of statusSets) {
      const key = `${r.url.split('/').pop()} → ${(r.body as { status: { to: string } }).status.to}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    assert.deepEqual([...seen].filter(([, n]) => n > 1), [], 'no status set twice');
  });

  it("amoCRM's 7/s held across both workers for the whole run (sandbox-measured): at most 7 in any second, no 429", async () => {
    // The test's own requests (a webhook subscription) are left out: only the workers' count.
    const times = (await c.amoAdmin.requests()).filter((r) => !r.path.startsWith('/api/v4/webhooks')).map((r) => r.time).sort((a, b) => a - b);
    let most = 0;
    for (let lo = 0, hi = 0; hi < times.length; hi += 1) {
      while (times[hi]! - times[lo]! >= 1000) lo += 1;
      most = Math.max(most, hi - lo + 1);
    }
    const stats = await c.amoAdmin.requestStats();
    assert.ok(times.length > 40, `the workers made many requests (${times.length})`);
    assert.equal(stats.rateLimited, 0, 'no 429');
    assert.ok(most <= 7, `at most 7 requests in any second (saw ${most})`);
  });

  it('every process serves Prometheus metrics on its ops port: ours moved, and the workers add the SDK\'s own', async () => {
    const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
    const total = (text: string, name: string, labels = '') =>
      text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .filter((line) => labels.split(',').every((l) => !l || line.includes(l)))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    const workers = await Promise.all(c.opsUrls.workers.map(scrape));
    const [company1Hooks, amoHooks] = await Promise.all(c.opsUrls.webhooks.map(scrape));
    const acrossWorkers = (name: string, labels = '') => workers.reduce((sum, text) => sum + total(text, name, labels), 0);
    assert.ok(acrossWorkers('c1amo_amocrm_requests_total', 'endpoint="/api/v4/leads"') > 0, 'amoCRM requests by endpoint');
    assert.ok(acrossWorkers('c1amo_amocrm_rate_limit_wait_seconds_count') > 0, 'time waiting for the rate limit');
    assert.ok(acrossWorkers('c1amo_company1_requests_total', 'status="200"') > 0, 'Company 1 calls');
    assert.ok(acrossWorkers('c1amo_orders_finished_total', 'outcome="completed",status="rejected"') > 0, 'orders finished, by status');
    assert.equal(acrossWorkers('c1amo_amocrm_rate_limited_total'), 0, 'no 429');
    for (const text of workers) {
      assert.match(text, /^temporal_workflow_task_execution_latency\w*\{/m, "the SDK's own metrics");
      assert.match(text, /^c1amo_process_resident_memory_bytes /m);
      assert.match(text, /^c1amo_orders_needing_attention 0$/m);
    }
    assert.ok(total(company1Hooks!, 'c1amo_webhooks_total', 'source="company1",status="202"') > 0, "Company 1's notifications, by answer");
    assert.ok(total(company1Hooks!, 'c1amo_webhook_seconds_count', 'source="company1"') > 0, 'with their latency');
    assert.ok(total(company1Hooks!, 'c1amo_order_starts_total', 'via="notification"') > 0, 'orders started by notification');
    assert.ok(total(amoHooks!, 'c1amo_webhooks_total', 'source="amocrm",status="200"') > 0, "amoCRM's webhooks, by answer");
    for (const url of [...c.opsUrls.workers, ...c.opsUrls.webhooks]) {
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200, `${url} ready`);
    }
  });
});
