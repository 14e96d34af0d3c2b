import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { feedScheduleId } from '../../workflows/ids';
import { stateQuery } from '../../workflows/order/contract';
import { AMO_WEBHOOK_SECRET, startStage1, type Stage1 } from '../support/stage1';
import { orderInPhase } from '../support/stage2';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually } from '../support/wait';
import { spawnWorker } from '../support/worker-process';

describe('stage 2 durability: a worker killed between a deal move and the Company 1 update', () => {
  let t: TestTemporal;
  let s: Stage1;
  before(async () => {
    t = await testTemporal();
    s = await startStage1(t, { workers: 0, integrationStage: 2, company1Stage: 2 });
  });
  after(async () => {
    await t?.client.schedule.getHandle(feedScheduleId(t.taskQueues.orders)).delete().catch(() => undefined);
    await s?.close();
    await t?.close();
  });

  it('SIGKILL while Company 1 is being updated: a new worker finishes the move; each status set once, nothing lost', async () => {
    const stage2 = { INTEGRATION_STAGE: '2', AMOCRM_WEBHOOK_SECRET: AMO_WEBHOOK_SECRET };
    const first = spawnWorker(t, s, stage2);
    await first.ready;
    const { orderId, dealId, handle } = await orderInPhase({ t, s }, 'following-deal');
    // Company 1 slow to answer: the kill lands after it committed the status change, before the answer arrived.
    await s.company1Admin.setFaults({ answerDelayMs: 3_000 });
    await s.amoAdmin.moveDeal(dealId, 'Confirmed VU');
    await eventually('the move received', async () => ((await handle.query(stateQuery)).history.some((h) => h.event.startsWith('deal moved to Confirmed VU')) ? true : undefined));
    await eventually('Company 1 to commit the first move', async () => ((await s.company1Admin.order(orderId)).status === 'approved' ? true : undefined));
    first.child.kill('SIGKILL');
    await first.exited;
    await s.company1Admin.clearFaults();

    const second = spawnWorker(t, s, stage2);
    try {
      await second.ready;
      // The killed attempt is retried after its 30 s start-to-close timeout.
      const state = await eventually('in work', async () => {
        const st = await handle.query(stateQuery);
        return st.orderStatus === 'in_work' ? st : undefined;
      }, 90_000);
      assert.equal(state.needsAttention, false);
      const events = (await handle.fetchHistory()).events ?? [];
      assert.ok(events.some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1), "the killed worker's attempt timed out and was retried");
      assert.equal((await s.company1Admin.order(orderId)).status, 'in_work');
      const patches = (await s.company1Admin.requests()).filter((r) => r.method === 'PATCH' && r.url.endsWith(`/${orderId}`) && r.body !== undefined && 'status' in (r.body as object));
      const seen = patches.map((r) => `${(r.body as { status: { to: string } }).status.to} ${r.status}${r.answerLost ? ' (answer lost)' : ''}`);
      // The first worker's move was committed, its answer lost with the worker; the retry learnt it from a 409.
      assert.deepEqual(seen, ['approved 200 (answer lost)', 'approved 409', 'in_work 200']);

      // And it goes on following the deal.
      await s.amoAdmin.moveDeal(dealId, 'Refusal');
      assert.equal((await handle.result()).orderStatus, 'rejected');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
