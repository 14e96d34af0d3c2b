import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestBudgetQuery } from '../../workflows/amocrm-account/contract';
import { customerOrder, returningUserOrders } from '../support/stage1';
import { orderWorkflowHandle } from '../support/wait';
import { useWorkerProcesses } from '../support/worker-process';

describe('stage 1: amoCRM never sees more than 7 requests in a second, however many worker processes', () => {
  // No in-process worker: two worker processes, as on two hosts, on a dev server with its
  // default task-queue partitions. The sandbox answers 429 to an 8th request in a second.
  const env = useWorkerProcesses({ autoCloseAfterMs: 500 }, [{}, {}]);

  it('bursts after idle periods, returning users (lookups), batched creates and lost create answers (each checked by a list query): at most 7 in any sliding second, no 429', async () => {
    const { t, s } = env;
    // Returning users: their contacts exist in amoCRM, so their orders search, then create a deal.
    const returning = await returningUserOrders(s, 8);
    // Lost answers after commit: the batch's list query finds what amoCRM wrote before anything is sent again.
    await s.amoAdmin.setFaults({ dropResponseAfterCommit: { method: 'POST', pathPrefix: '/api/v4/leads', count: 4 } });

    const burst = async (n: number, offset: number) => {
      const orders = await Promise.all(Array.from({ length: n }, (_, i) => s.company1Admin.createOrder(i % 2 === 0 ? returning[(offset + i) % returning.length]! : customerOrder())));
      return Promise.all(orders.map(async (o) => (await orderWorkflowHandle(t.client, o.id)).result()));
    };
    const first = await burst(40, 0);
    await new Promise((r) => setTimeout(r, 3_000)); // idle: every process's limiter window is empty again
    const second = await burst(40, 3);
    await s.amoAdmin.clearFaults();

    const stats = await s.amoAdmin.requestStats();
    assert.ok(stats.total >= 60, `the bursts made many requests (${stats.total})`);
    assert.equal(stats.rateLimited, 0, 'no 429');
    assert.ok(stats.maxInAnySecond <= 7, `at most 7 requests in any second (saw ${stats.maxInAnySecond})`);
    const deals = await s.amoAdmin.leads();
    for (const state of [...first, ...second]) {
      assert.equal(state.phase, 'completed');
      assert.equal(deals.filter((l) => JSON.stringify(l).includes(`"${state.orderId}"`)).length, 1, `one deal for order ${state.orderId}`);
    }
    const budget = await t.client.workflow.getHandle(s.account.workflowId).query(requestBudgetQuery);
    assert.equal(new Set(budget.grants.map((g) => g.holder)).size, 2, 'both worker processes hold a share of the budget');
  });
});
