import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { feedScheduleId } from '../../workflows/ids';
import { stateQuery } from '../../workflows/order/contract';
import { customerOrder, startStage1, type Stage1 } from '../support/stage1';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually, orderWorkflowHandle } from '../support/wait';
import { spawnWorker } from '../support/worker-process';

describe('stage 1 durability: a worker killed mid-order', () => {
  let t: TestTemporal;
  let s: Stage1;
  before(async () => {
    t = await testTemporal();
    s = await startStage1(t, { workers: 0, autoCloseAfterMs: 1_000 });
  });
  after(async () => {
    await t?.client.schedule.getHandle(feedScheduleId(t.taskQueues.orders)).delete().catch(() => undefined);
    await s?.close();
    await t?.close();
  });

  it('SIGKILL while the deal is being created, then a restart: the order completes with no duplicates', async () => {
    // Slow amoCRM down so the kill lands while its requests are in flight.
    await s.amoAdmin.setFaults({ latencyMs: 1_500 });
    const first = spawnWorker(t, s);
    await first.ready;
    const input = customerOrder();
    const order = await s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(t.client, order.id);
    await eventually('the order to be creating its deal', async () => ((await handle.query(stateQuery)).phase === 'creating-deal' ? true : undefined));
    await eventually('an amoCRM request for the order', async () => ((await s.amoAdmin.requests()).some((r) => r.path.startsWith('/api/v4/contacts')) ? true : undefined));
    first.child.kill('SIGKILL');
    await first.exited;

    const second = spawnWorker(t, s);
    try {
      await second.ready;
      await s.amoAdmin.clearFaults();
      const state = await handle.result();
      assert.equal(state.phase, 'completed');
      const contacts = (await s.amoAdmin.contacts()).filter((c) => JSON.stringify(c).includes(input.userId));
      const deals = (await s.amoAdmin.leads()).filter((l) => JSON.stringify(l).includes(`"${order.id}"`));
      assert.equal(contacts.length, 1, 'one contact');
      assert.equal(deals.length, 1, 'one deal');
      const final = await s.company1Admin.order(order.id);
      assert.equal(final.additionalInfo.externalId, deals[0]!.id);
      assert.equal(final.additionalInfo.contactId, contacts[0]!.id);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
