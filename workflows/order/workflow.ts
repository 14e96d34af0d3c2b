import { proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Company1Activities } from '../../activities/company1';
import { INVALID_ORDER } from '../failure-types';
import { company1ActivityOptions, localCheckOptions } from '../activity-options';
import { company1OrderChangedSignal, type OrderState, type OrderWorkflowInput, retryNowSignal, stateQuery } from './contract';
import { ensureContactAndDeal } from './deal';
import { persistently } from './persistently';
import { awaitCompany1Close, type CloseWatch } from './stage1-close';
import { enterPhase, initialState, noteAmoIds, noteOrder, record } from './state';

/**
 * One Company 1 order, from its creation to its end (id `order-<orderId>`): exactly
 * one amoCRM deal, the ids written back to Company 1, then the stage's follow-up.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderState> {
  const state = initialState(input);
  const watch: CloseWatch = { retryRequested: false };
  setHandler(stateQuery, () => state);
  setHandler(retryNowSignal, () => {
    watch.retryRequested = true;
    record(state, 'operator asked to retry now');
  });
  setHandler(company1OrderChangedSignal, (change) => {
    watch.latestChange = change;
    record(state, `Company 1 notified: status ${change.status}${change.closedByDetmir ? ', closedByDetmir' : ''}`);
  });

  const company1 = (summary: string) => proxyActivities<Company1Activities>({ ...company1ActivityOptions, summary });
  const retryEvery = input.timings.blockedRecheckEveryMs;

  enterPhase(state, 'loading-order', `reading order ${input.orderId} from Company 1`);
  const sent = input.order;
  const order = await persistently(state, { what: 'reading the order from Company 1', everyMs: retryEvery, fatal: [INVALID_ORDER] }, watch, () =>
    sent
      ? proxyLocalActivities<Company1Activities>({ ...localCheckOptions, summary: 'Check the order Company 1 sent' }).checkOrderIntake(sent)
      : company1('Read and check the order').loadOrderForIntake(input.orderId),
  );
  noteOrder(state, { userId: order.userId, serviceName: order.service.name, status: order.status });
  record(state, `order loaded: ${order.service.name}, status ${order.status}`);

  enterPhase(state, 'creating-deal', 'finding or creating the amoCRM contact and creating the deal');
  const ids = await persistently(state, { what: 'creating the amoCRM contact and deal', everyMs: retryEvery }, watch, (earlierTries) =>
    ensureContactAndDeal(order, input.amocrmTaskQueue, input.lookUpDealFirst ?? false, earlierTries),
  );
  noteAmoIds(state, ids);
  record(state, `amoCRM deal ${ids.dealId}, contact ${ids.contactId}`);

  enterPhase(state, 'writing-back', `writing deal ${ids.dealId} back to Company 1's order`);
  const closure = await persistently(state, { what: "writing the amoCRM ids to Company 1's order", everyMs: retryEvery }, watch, () =>
    company1('Write contactId and externalId to additionalInfo').writeBackAmoIds({ orderId: input.orderId, ...ids, closedByCompany1: order.closedByDetmir }),
  );
  noteOrder(state, { status: closure.status });
  record(state, 'additionalInfo written back');

  if (input.stage === 1) {
    const outcome = await awaitCompany1Close(state, order.createdAt, closure, input.timings, watch);
    state.closedByDetmir = outcome === 'closed';
  }
  enterPhase(state, 'completed', state.orderStatus === 'rejected' ? 'Company 1 rejected the order' : 'done');
  return state;
}
