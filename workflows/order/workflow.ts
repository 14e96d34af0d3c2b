import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Company1Activities } from '../../activities/company1';
import { company1ActivityOptions, localCheckOptions } from '../activity-options';
import { INVALID_ORDER } from '../../failures/types';
import type { OrderState, OrderWorkflowInput } from './contract';
import { ensureContactAndDeal } from './deal';
import { orderMetrics } from './metrics-sink';
import { OrderRun } from './run';
import { awaitCompany1Close } from './stage1-close';
import { followDeal, switchToStage2 } from './stage2-deal';
import { enterPhase, noteAmoIds, noteOrder, record } from './state';

/**
 * One Company 1 order, from its creation to its end (id `order-<orderId>`): exactly
 * one amoCRM deal, the ids written back to Company 1, then the stage's follow-up.
 * A long wait continues as new; the next run picks up after the last step it finished.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderState> {
  const run = new OrderRun(input);
  run.listen();
  const { state } = run;
  const company1 = (summary: string) => proxyActivities<Company1Activities>({ ...company1ActivityOptions, summary });
  const retryEvery = input.timings.blockedRecheckEveryMs;

  if (!run.order) {
    enterPhase(state, 'loading-order', `reading order ${input.orderId} from Company 1`);
    const sent = input.order;
    run.order = await run.step('reading the order from Company 1', { everyMs: retryEvery, fatal: [INVALID_ORDER] }, () =>
      sent
        ? proxyLocalActivities<Company1Activities>({ ...localCheckOptions, summary: 'Check the order Company 1 sent' }).checkOrderIntake(sent)
        : company1('Read and check the order').loadOrderForIntake(input.orderId),
    );
    noteOrder(state, { userId: run.order.userId, serviceName: run.order.service.name, status: run.order.status });
    record(state, `order loaded: ${run.order.service.name}, status ${run.order.status}`);
  }
  const order = run.order;

  if (!run.ids) {
    enterPhase(state, 'creating-deal', 'finding or creating the amoCRM contact and creating the deal');
    run.ids = await run.step('creating the amoCRM contact and deal', { everyMs: retryEvery }, (earlierTries) => ensureContactAndDeal(run, order, earlierTries));
    noteAmoIds(state, run.ids);
    record(state, `amoCRM deal ${run.ids.dealId}, contact ${run.ids.contactId}`);
  }
  const ids = run.ids;

  if (!run.closure) {
    enterPhase(state, 'writing-back', `writing deal ${ids.dealId} back to Company 1's order`);
    run.closure = await run.step("writing the amoCRM ids to Company 1's order", { everyMs: retryEvery }, () =>
      company1('Write contactId and externalId to additionalInfo').writeBackAmoIds({ orderId: input.orderId, ...ids, closedByCompany1: order.closedByDetmir }),
    );
    noteOrder(state, { status: run.closure.status });
    record(state, 'additionalInfo written back');
  }

  // An operator's switch to stage 2 (a signal the released code did not know, so none of its histories
  // has one) stops the wait for Company 1's close; state.stage is input.stage until then.
  let switched = state.stage === 1 && run.operator.switchToStage2 === true;
  if (state.stage === 1 && !switched) {
    const outcome = await awaitCompany1Close(run, order.createdAt, run.closure);
    if (outcome === 'switched') switched = true;
    else state.closedByDetmir = outcome === 'closed';
  }
  if (switched) switchToStage2(run);
  // Stage 3 orders (booked in the webview) follow their deal the same way; no stage-3 order ran before this release.
  if (state.stage !== 1) await followDeal(run, ids.dealId, { catchUp: switched });
  enterPhase(state, 'completed', state.orderStatus === 'rejected' ? 'Company 1 rejected the order' : 'done');
  orderMetrics.finished('completed', state.orderStatus ?? 'unknown');
  return state;
}
