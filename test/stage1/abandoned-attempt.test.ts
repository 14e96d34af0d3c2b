import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { feedScheduleId, userContactWorkflowId } from '../../workflows/ids';
import { customerOrder, startStage1, type Stage1 } from '../support/stage1';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually, orderWorkflowHandle, resultWithin } from '../support/wait';
import { spawnWorker } from '../support/worker-process';

// temporal.api.enums.v1.PendingActivityState (the proto package is not a direct dependency).
const PENDING_ACTIVITY_STATE_STARTED = 2;

describe('stage 1: an amoCRM attempt the server gave up on never sends its request', () => {
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

  it('a worker paused while its contact-and-deal POST waits in its limiter: the retry elsewhere creates them, and the resumed worker sends nothing', async () => {
    // One amoCRM request per 10 s on this worker: after the contact search, the POST waits.
    const slow = spawnWorker(t, s, { AMOCRM_REQUESTS_PER_SECOND: '0.1' });
    let fast: ReturnType<typeof spawnWorker> | undefined;
    try {
      await slow.ready;
      const input = customerOrder();
      const order = await s.company1Admin.createOrder(input);
      const entity = t.client.workflow.getHandle(userContactWorkflowId(input.userId));
      await eventually('the slow worker to hold the attempt that creates contact and deal', async () => {
        const pending = (await entity.describe()).raw.pendingActivities ?? [];
        return pending.some((a) => a.activityType?.name === 'createDealWithContact' && Number(a.state) === PENDING_ACTIVITY_STATE_STARTED) ? true : undefined;
      });
      // Paused (an event-loop stall, a frozen VM): its heartbeats stop and the server retries elsewhere.
      slow.child.kill('SIGSTOP');
      fast = spawnWorker(t, s);
      await fast.ready;
      const dealsOf = async () => (await s.amoAdmin.leads()).filter((l) => JSON.stringify(l).includes(`"${order.id}"`));
      const [created] = await eventually('the retry on the other worker to create contact and deal', async () => ((await dealsOf()).length > 0 ? dealsOf() : undefined), 90_000, 250);
      slow.child.kill('SIGCONT');
      // Time for the resumed worker's limiter to let its old POST go, were it allowed to.
      await new Promise((r) => setTimeout(r, 4_000));
      const contacts = (await s.amoAdmin.contacts()).filter((c) => JSON.stringify(c).includes(input.userId));
      const deals = await dealsOf();
      assert.equal(contacts.length, 1, 'one contact');
      assert.equal(deals.length, 1, 'one deal');
      assert.equal(deals[0]!.id, created!.id);
      const state = await resultWithin(await orderWorkflowHandle(t.client, order.id), 60_000);
      assert.equal(state.dealId, created!.id, 'the order carries the deal the retry created');
      assert.equal((await s.amoAdmin.requests()).filter((r) => r.method === 'POST' && r.path === '/api/v4/leads/complex').length, 1, 'one POST /leads/complex');
    } finally {
      slow.child.kill('SIGCONT');
      slow.child.kill('SIGTERM');
      fast?.child.kill('SIGTERM');
      await Promise.all([slow.exited, fast?.exited]);
    }
  });
});
