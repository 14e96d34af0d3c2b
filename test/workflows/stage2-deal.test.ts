import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { orderWorkflowId } from '../../workflows/ids';
import { stateQuery } from '../../workflows/order/contract';
import { type DealChange, dealChangedSignal, type DealStageRules } from '../../workflows/order/deal-contract';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually } from '../support/wait';
import { anOrder, FakeWorld, fakeWorker } from './fake-activities';

// The stage-2 branch of the real order workflow, against fake activities on the real dev server.
const STAGES = { newLead: 10, recorded: 11, confirmed: 12, lessonPassed: 13, waitingForPayment: 15, paymentReceived: 16, success: 142, refusal: 143 };
const RULES: DealStageRules = {
  pipelineId: 1,
  byStatusId: {
    [STAGES.newLead]: { stageName: 'New lead', position: 1 },
    [STAGES.recorded]: { stageName: 'Recorded for trial', position: 2, status: 'approved' },
    [STAGES.confirmed]: { stageName: 'Confirmed VU', position: 3, status: 'in_work' },
    [STAGES.lessonPassed]: { stageName: 'Lesson passed', position: 4 },
    [STAGES.waitingForPayment]: { stageName: 'Waiting for payment', position: 6, cost: true },
    [STAGES.paymentReceived]: { stageName: 'Payment received', position: 7, paid: true },
    [STAGES.success]: { stageName: 'Success', position: 100, status: 'executed', ends: true },
    [STAGES.refusal]: { stageName: 'Refusal', position: 101, status: 'rejected', ends: true },
  },
};

describe('order workflow, stage 2: the deal drives Company 1 (fake activities)', () => {
  let t: TestTemporal;
  before(async () => {
    t = await testTemporal();
  });
  after(async () => {
    await t?.close();
  });

  async function stage2Order() {
    const world = new FakeWorld();
    world.rules = RULES;
    const worker = await fakeWorker(t, world);
    const order = anOrder();
    const handle = await t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: orderWorkflowId(order.id),
      taskQueue: worker.taskQueue,
      args: [worker.input(order, {}, 2)],
    });
    const following = await eventually('the order to follow its deal', async () => {
      const s = await handle.query(stateQuery);
      return s.phase === 'following-deal' ? s : undefined;
    }, 20_000, 50);
    const leadId = following.dealId!;
    let clock = 1_700_000_000;
    const move = (statusId: number, extra: Partial<DealChange> = {}) => handle.signal(dealChangedSignal, { leadId, statusId, modifiedAt: (clock += 10), source: 'webhook', ...extra });
    return { world, worker, handle, move };
  }

  const moves = (world: FakeWorld) => world.calls.filter((c) => c === 'moveOrderStatus').length;

  it('a deal that jumps stages walks Company 1 through every status it skipped; duplicates and older changes change nothing', async () => {
    const { world, worker, handle, move } = await stage2Order();
    try {
      await move(STAGES.confirmed);
      await eventually('in work', async () => ((await handle.query(stateQuery)).orderStatus === 'in_work' ? true : undefined), 20_000, 50);
      assert.equal(moves(world), 2, 'on_approval → approved → in_work');
      await move(STAGES.confirmed, { modifiedAt: 1_700_000_010 }); // the same event again
      await move(STAGES.recorded, { modifiedAt: 1_600_000_000 }); // an older one, arriving late
      await move(STAGES.lessonPassed);
      await eventually('the lesson recorded', async () => ((await handle.query(stateQuery)).deal?.stageName === 'Lesson passed' ? true : undefined), 20_000, 50);
      assert.equal(moves(world), 2, 'never again, never backwards');
      assert.equal((await handle.query(stateQuery)).orderStatus, 'in_work');
      await handle.terminate('test done');
    } finally {
      await worker.stop();
    }
  });

  it('payment stages send the cost and paid; Success closes the order as executed and ends the workflow', async () => {
    const { world, worker, handle, move } = await stage2Order();
    try {
      await move(STAGES.confirmed);
      await move(STAGES.waitingForPayment, { price: 4990 });
      await move(STAGES.paymentReceived, { price: 4990 });
      await move(STAGES.success);
      const final = await handle.result();
      assert.equal(final.orderStatus, 'executed');
      assert.equal(final.phase, 'completed');
      assert.deepEqual(world.calls.filter((c) => c.startsWith('changeOrderFields')), ['changeOrderFields {"cost":4990}', 'changeOrderFields {"paid":true}']);
    } finally {
      await worker.stop();
    }
  });

  it('a Digital Pipeline hook (ids only) is completed by reading the deal; Refusal rejects the order', async () => {
    const { world, worker, handle, move } = await stage2Order();
    try {
      world.dealNow = { statusId: STAGES.waitingForPayment, price: 7000, modifiedAt: 1_800_000_000 };
      await move(STAGES.waitingForPayment, { modifiedAt: undefined, price: undefined, source: 'digital-pipeline' });
      await eventually('the cost sent', () => Promise.resolve(world.calls.includes('changeOrderFields {"cost":7000}') ? true : undefined), 20_000, 50);
      assert.ok(world.calls.includes('readDealStage'));
      await move(STAGES.refusal, { modifiedAt: 1_800_000_100 });
      const final = await handle.result();
      assert.equal(final.orderStatus, 'rejected');
    } finally {
      await worker.stop();
    }
  });
});
