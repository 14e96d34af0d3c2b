import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { orderWorkflowId } from '../../workflows/ids';
import { customerCancelSignal, stateQuery } from '../../workflows/order/contract';
import { dealChangedSignal, type DealStageRules } from '../../workflows/order/deal-contract';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually } from '../support/wait';
import { anOrder, FakeWorld, fakeWorker } from './fake-activities';

// Stage 3's cancel from the webview, on the real order workflow with fake activities.
const RULES: DealStageRules = {
  pipelineId: 1,
  byStatusId: {
    11: { stageName: 'Recorded for trial', position: 2, status: 'approved' },
    12: { stageName: 'Confirmed VU', position: 3, status: 'in_work' },
    142: { stageName: 'Success', position: 100, status: 'executed', ends: true },
    143: { stageName: 'Refusal', position: 101, status: 'rejected', ends: true },
  },
};
const CANCEL = { allowedWhile: ['on_approval', 'approved'], note: 'Покупатель отменил заказ в приложении' };

describe('order workflow, stage 3: the customer cancels (fake activities)', () => {
  let t: TestTemporal;
  before(async () => {
    t = await testTemporal();
  });
  after(async () => {
    await t?.close();
  });

  async function stage3Order() {
    const world = new FakeWorld();
    world.rules = RULES;
    const worker = await fakeWorker(t, world);
    const order = anOrder();
    const handle = await t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: orderWorkflowId(order.id),
      taskQueue: worker.taskQueue,
      args: [worker.input(order, {}, 3)],
    });
    const following = await eventually('the order to follow its deal', async () => {
      const s = await handle.query(stateQuery);
      return s.phase === 'following-deal' ? s : undefined;
    }, 20_000, 50);
    return { world, worker, handle, leadId: following.dealId! };
  }

  it('a stage-3 order follows its deal; a cancel moves the deal to Refusal with one note and rejects the order; a second cancel changes nothing', async () => {
    const { world, worker, handle, leadId } = await stage3Order();
    try {
      await handle.signal(dealChangedSignal, { leadId, statusId: 11, modifiedAt: 10, source: 'webhook' });
      await eventually('approved', async () => ((await handle.query(stateQuery)).orderStatus === 'approved' ? true : undefined), 20_000, 50);
      await handle.signal(customerCancelSignal, CANCEL);
      await handle.signal(customerCancelSignal, CANCEL);
      const final = await handle.result();
      assert.equal(final.orderStatus, 'rejected');
      assert.equal(final.cancel?.outcome, 'cancelled');
      assert.ok(final.milestones?.rejected && final.milestones['in-amocrm'] && final.milestones.approved, JSON.stringify(final.milestones));
      assert.deepEqual(world.calls.filter((c) => c.startsWith('moveDealTo')), ['moveDealTo 143']);
      assert.deepEqual(world.dealNotes, [CANCEL.note]);
    } finally {
      await worker.stop();
    }
  });

  it("a manager's move whose webhook has not arrived yet counts: the cancel is refused and the order catches up", async () => {
    const { world, worker, handle } = await stage3Order();
    try {
      world.dealNow = { statusId: 12, price: 0, modifiedAt: 50 }; // "Confirmed VU" in amoCRM, no webhook yet
      await handle.signal(customerCancelSignal, CANCEL);
      const refused = await eventually('the cancel refused', async () => {
        const s = await handle.query(stateQuery);
        return s.cancel?.outcome && s.orderStatus === 'in_work' ? s.cancel : undefined;
      }, 20_000, 50);
      assert.equal(refused.reason, 'the deal is at Confirmed VU already');
      assert.equal(world.calls.filter((c) => c.startsWith('moveDealTo')).length, 0);
      await handle.terminate('test done');
    } finally {
      await worker.stop();
    }
  });

  it('a cancel once the order is in work is refused, recorded, and leaves the deal alone', async () => {
    const { world, worker, handle, leadId } = await stage3Order();
    try {
      await handle.signal(dealChangedSignal, { leadId, statusId: 12, modifiedAt: 10, source: 'webhook' });
      await eventually('in work', async () => ((await handle.query(stateQuery)).orderStatus === 'in_work' ? true : undefined), 20_000, 50);
      await handle.signal(customerCancelSignal, CANCEL);
      const refused = await eventually('the cancel refused', async () => {
        const s = await handle.query(stateQuery);
        return s.cancel?.outcome ? s.cancel : undefined;
      }, 20_000, 50);
      assert.deepEqual({ outcome: refused.outcome, reason: refused.reason }, { outcome: 'refused', reason: 'the order is in_work already' });
      assert.equal(world.calls.filter((c) => c.startsWith('moveDealTo')).length, 0);
      assert.equal(world.dealNotes.length, 0);
      await handle.signal(dealChangedSignal, { leadId, statusId: 142, modifiedAt: 20, source: 'webhook' });
      assert.equal((await handle.result()).orderStatus, 'executed');
    } finally {
      await worker.stop();
    }
  });
});
