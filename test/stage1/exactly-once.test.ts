import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerOrder, startStage1, type Stage1 } from '../support/stage1';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { orderWorkflowHandle } from '../support/wait';
import { spawnWorker } from '../support/worker-process';
import { feedScheduleId } from '../../workflows/ids';

describe('stage 1: exactly one contact per user and one deal per order', () => {
  let t: TestTemporal;
  let s: Stage1;
  let second: ReturnType<typeof spawnWorker>;
  before(async () => {
    t = await testTemporal();
    s = await startStage1(t, { autoCloseAfterMs: 1_000 });
    // A second worker, in its own process, on the same queues: the orders below may run on either.
    second = spawnWorker(t, s);
    await second.ready;
  });
  after(async () => {
    second?.child.kill('SIGTERM');
    await second?.exited;
    await t?.client.schedule.getHandle(feedScheduleId(t.taskQueues.orders)).delete().catch(() => undefined);
    await s?.close();
    await t?.close();
  });

  const contactsOf = async (userId: string) => (await s.amoAdmin.contacts()).filter((c) => JSON.stringify(c).includes(userId));
  const dealsOf = async (orderId: string) => (await s.amoAdmin.leads()).filter((l) => JSON.stringify(l).includes(`"${orderId}"`));

  it('two simultaneous orders of one new user give one contact and two deals', async () => {
    const input = customerOrder();
    const [a, b] = await Promise.all([s.company1Admin.createOrder(input), s.company1Admin.createOrder(input)]);
    const [stateA, stateB] = await Promise.all([
      orderWorkflowHandle(t.client, a.id).then((h) => h.result()),
      orderWorkflowHandle(t.client, b.id).then((h) => h.result()),
    ]);
    assert.equal((await contactsOf(input.userId)).length, 1, 'one contact');
    assert.equal(stateA.contactId, stateB.contactId);
    assert.notEqual(stateA.dealId, stateB.dealId);
    assert.equal((await dealsOf(a.id)).length, 1);
    assert.equal((await dealsOf(b.id)).length, 1);
  });

  it("a lost response after amoCRM created a new user's contact and deal does not create them twice", async () => {
    await s.amoAdmin.setFaults({ dropResponseAfterCommit: { method: 'POST', pathPrefix: '/api/v4/leads/complex', count: 1 } });
    const input = customerOrder();
    const order = await s.company1Admin.createOrder(input);
    const state = await (await orderWorkflowHandle(t.client, order.id)).result();
    await s.amoAdmin.clearFaults();
    assert.equal((await contactsOf(input.userId)).length, 1, 'one contact');
    const deals = await dealsOf(order.id);
    assert.equal(deals.length, 1, 'one deal');
    assert.equal(deals[0]!.id, state.dealId);
  });

  it("a lost response after amoCRM created a returning user's deal does not create it twice", async () => {
    const input = customerOrder();
    const first = await s.company1Admin.createOrder(input);
    await (await orderWorkflowHandle(t.client, first.id)).result();
    await s.amoAdmin.setFaults({ dropResponseAfterCommit: { method: 'POST', pathPrefix: '/api/v4/leads', count: 1 } });
    const second = await s.company1Admin.createOrder(input);
    const state = await (await orderWorkflowHandle(t.client, second.id)).result();
    await s.amoAdmin.clearFaults();
    const deals = await dealsOf(second.id);
    assert.equal(deals.length, 1, 'one deal');
    assert.equal(deals[0]!.id, state.dealId);
    assert.equal((await contactsOf(input.userId)).length, 1);
  });
});
