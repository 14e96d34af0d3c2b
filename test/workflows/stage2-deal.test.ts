import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { orderWorkflowId } from '../../workflows/ids';
import { type OrderWorkflowTimings, stateQuery } from '../../workflows/order/contract';
import { type DealChange, dealChangedSignal, type DealStageRules } from '../../workflows/order/deal-contract';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually, runChain } from '../support/wait';
import { anOrder, FakeWorld, fakeWorker } from './fake-activities';

// The stage-2 branch of the real order workflow, against fake activities on the real dev server.
const STAGES = { newLead: 10, recorded: 11, confirmed: 12, lessonPassed: 13, waitingForPayment: 15, paymentReceived: 16, anotherLesson: 17, success: 142, refusal: 143 };
const NO_DEAL_FIELDS = { lessonsTotal: null, lessonsUsed: null, validUntil: null };
const RULES: DealStageRules = {
  pipelineId: 1,
  byStatusId: {
    [STAGES.newLead]: { stageName: 'New lead', position: 1 },
    [STAGES.recorded]: { stageName: 'Recorded for trial', position: 2, status: 'approved' },
    [STAGES.confirmed]: { stageName: 'Confirmed VU', position: 3, status: 'in_work' },
    [STAGES.lessonPassed]: { stageName: 'Lesson passed', position: 4 },
    [STAGES.waitingForPayment]: { stageName: 'Waiting for payment', position: 6, cost: true },
    [STAGES.paymentReceived]: { stageName: 'Payment received', position: 7, paid: true, subscription: true },
    [STAGES.anotherLesson]: { stageName: 'Another lesson passed', position: 8, lessonPassed: true, subscription: true },
    [STAGES.success]: { stageName: 'Success', position: 100, status: 'executed', ends: true },
    [STAGES.refusal]: { stageName: 'Refusal', position: 101, status: 'rejected', ends: true },
  },
  // anOrder() is for the trial lesson: here a package of two lessons, valid 30 days.
  subscription: { packages: { 'c2-trial-lesson': { lessons: 2, validityDays: 30 } }, dealFields: NO_DEAL_FIELDS },
};
const DAY_S = 86_400;
const isoOf = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

describe('order workflow, stage 2: the deal drives Company 1 (fake activities)', () => {
  let t: TestTemporal;
  before(async () => {
    t = await testTemporal();
  });
  after(async () => {
    await t?.close();
  });

  async function stage2Order(rules: DealStageRules = RULES, timings: Partial<OrderWorkflowTimings> = {}) {
    const world = new FakeWorld();
    world.rules = rules;
    const worker = await fakeWorker(t, world);
    const order = anOrder();
    const handle = await t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: orderWorkflowId(order.id),
      taskQueue: worker.taskQueue,
      args: [worker.input(order, timings, 2)],
    });
    const following = await eventually('the order to follow its deal', async () => {
      const s = await handle.query(stateQuery);
      return s.phase === 'following-deal' ? s : undefined;
    }, 20_000, 50);
    const leadId = following.dealId!;
    let clock = 1_700_000_000;
    let last: DealChange | undefined;
    const move = (statusId: number, extra: Partial<DealChange> = {}) => {
      last = { leadId, statusId, modifiedAt: (clock += 10), source: 'webhook', ...extra };
      return handle.signal(dealChangedSignal, last);
    };
    // The same change again, as amoCRM's retried webhooks send it: applied never, but it wakes the order.
    const resend = () => handle.signal(dealChangedSignal, last!);
    return { world, worker, handle, move, resend, now: () => clock };
  }
  const fieldChanges = (world: FakeWorld) => world.calls.filter((c) => c.startsWith('changeOrderFields')).map((c) => JSON.parse(c.slice('changeOrderFields '.length)) as Record<string, unknown>);

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
      const sent = fieldChanges(world);
      assert.deepEqual(sent.map((c) => Object.keys(c)), [['cost'], ['paid', 'subscription']], 'the cost; then paid and the subscription, in one change');
      assert.equal(sent[0]!.cost, 4990);
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

  it('the subscription: the package on payment; each move into Another lesson passed uses one lesson, an edit within it none; all used → expired', async () => {
    const { world, worker, handle, move, now } = await stage2Order();
    try {
      await move(STAGES.confirmed);
      await move(STAGES.paymentReceived);
      const paidAt = now();
      await move(STAGES.anotherLesson);
      await move(STAGES.anotherLesson, { price: 9000 }); // a price edit: same stage, newer change
      await move(STAGES.paymentReceived); // moved back, then on again: the second lesson
      await move(STAGES.anotherLesson);
      await eventually('two lessons used', async () => ((await handle.query(stateQuery)).deal?.lessonsPassed === 2 ? true : undefined), 20_000, 50);
      await eventually('sent', () => Promise.resolve(fieldChanges(world).length === 3 ? true : undefined), 20_000, 50);
      const validUntil = isoOf(paidAt + 30 * DAY_S);
      assert.deepEqual(fieldChanges(world), [
        { paid: true, subscription: { state: 'active', lessonsTotal: 2, lessonsUsed: 0, validUntil } },
        { subscription: { state: 'active', lessonsTotal: 2, lessonsUsed: 1, validUntil } },
        { subscription: { state: 'expired', lessonsTotal: 2, lessonsUsed: 2, validUntil } },
      ]);
      assert.deepEqual((await handle.query(stateQuery)).deal?.subscription, { state: 'expired', lessonsTotal: 2, lessonsUsed: 2, validUntil });
      // What an operator sees in the Web UI's current details.
      const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      assert.match(metadata.currentDetails ?? '', /at \*\*Another lesson passed\*\*/);
      assert.match(metadata.currentDetails ?? '', /paid yes, subscription expired \(2\/2 lessons/);
      await handle.terminate('test done');
    } finally {
      await worker.stop();
    }
  });

  it("where Company 2 keeps the subscription in the deal's fields, those win; a field that does not parse is named and the package's value used", async () => {
    const rules: DealStageRules = { ...RULES, subscription: { packages: RULES.subscription!.packages, dealFields: { lessonsTotal: 901, lessonsUsed: 902, validUntil: 903 } } };
    const { world, worker, handle, move } = await stage2Order(rules);
    try {
      world.dealFields = { '901': ['8'], '902': ['three'], '903': ['1893456000'] };
      await move(STAGES.paymentReceived);
      await eventually('sent', () => Promise.resolve(fieldChanges(world).length === 1 ? true : undefined), 20_000, 50);
      assert.deepEqual(fieldChanges(world)[0]!.subscription, { state: 'active', lessonsTotal: 8, lessonsUsed: 0, validUntil: '2030-01-01T00:00:00.000Z' });
      assert.ok(world.calls.includes('readDealSubscriptionFields'));
      const history = (await handle.query(stateQuery)).history.map((h) => h.event);
      assert.ok(history.some((e) => e.includes('field 902 (lessonsUsed) holds "three", not a whole number')), history.join('\n'));
      await handle.terminate('test done');
    } finally {
      await worker.stop();
    }
  });

  it('a long-lived order continues as new carrying its deal: lessons, payment and subscription survive, each run bounded', async () => {
    const { world, worker, handle, move, resend } = await stage2Order();
    try {
      await move(STAGES.paymentReceived);
      // A subscription's months of lessons, compressed: the test server suggests continue-as-new at 300 events.
      for (let i = 0; i < 60; i += 1) {
        await move(STAGES.anotherLesson);
        await move(STAGES.paymentReceived);
      }
      await eventually('every move applied', async () => ((await handle.query(stateQuery)).deal?.lessonsPassed === 60 ? true : undefined), 60_000, 100);
      // The order looks at Temporal's suggestion before it waits for the next change. Whether the last move's
      // workflow task carried it depends on how many events the injected retries added; if it did not, the
      // order continues as new on the next change, so the test sends the last one again until it has.
      const runs = await eventually('continued as new', async () => {
        const all = await runChain(t.client, handle.workflowId);
        if (all.length >= 2) return all;
        await resend();
        return undefined;
      }, 60_000, 500);
      for (const r of runs) assert.ok(r.historyLength <= 400, `a run of ${r.historyLength} events`);
      const state = await handle.query(stateQuery);
      assert.equal(state.deal?.paid, true);
      assert.deepEqual([state.deal?.subscription?.state, state.deal?.subscription?.lessonsUsed], ['expired', 2]);
      assert.ok((state.deal?.seen.length ?? 0) <= 100, 'the duplicates memory is bounded');
      assert.equal(fieldChanges(world).filter((c) => c.paid === true).length, 1, 'paid once, across runs');
      await move(STAGES.success);
      assert.equal((await handle.result()).orderStatus, 'executed');
    } finally {
      await worker.stop();
    }
  });

  it('Company 1 down while a move is applied, long enough that the order continues as new: the next run finishes the move, once', async () => {
    const { world, worker, handle, move } = await stage2Order(RULES, { blockedRecheckEveryMs: 20 });
    try {
      world.company1Down = true;
      await move(STAGES.anotherLesson);
      await move(STAGES.paymentReceived);
      await eventually('a continue-as-new mid-move', async () => ((await runChain(t.client, handle.workflowId)).length >= 2 ? true : undefined), 60_000, 100);
      world.company1Down = false;
      await eventually('paid', async () => ((await handle.query(stateQuery)).deal?.paid === true ? true : undefined), 30_000, 100);
      const state = await handle.query(stateQuery);
      const events = state.history.map((h) => h.event);
      assert.ok(events.some((e) => /^finishing the move to .* begun by an earlier run$/.test(e)), events.join('\n'));
      assert.equal(state.deal?.lessonsPassed, 1, 'the lesson counted once');
      // The lesson's subscription status, then payment with it: each sent once.
      assert.deepEqual(fieldChanges(world).map((c) => [c.paid ?? false, (c.subscription as { lessonsUsed: number } | undefined)?.lessonsUsed]), [[false, 1], [true, 1]], events.join('\n'));
      await handle.terminate('test done');
    } finally {
      await worker.stop();
    }
  });
});
