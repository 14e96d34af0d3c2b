import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import type { DealRoutingActivities } from '../../activities/deal-routing';
import type { DealStageRuleActivities } from '../../activities/deal-stage-rules';
import { amocrmActivityOptions, localCheckOptions } from '../activity-options';
import { orderWorkflowId } from '../ids';
import { type DealChange, dealChangedSignal } from '../order/deal-contract';
import { type DealRouterInput, type DealRouting, routeDealChangeSignal } from './contract';

const IDLE = '1 minute';

/**
 * Finds the order of a deal — by the AmoLeadId search attribute, else by reading the deal's
 * detmirOrderId in amoCRM — and forwards every change it receives to that order's workflow.
 * A deal in another pipeline, or with no order id, is not ours: recorded, and the run ends.
 */
export async function dealRouterWorkflow(input: DealRouterInput): Promise<DealRouting> {
  const inbox: DealChange[] = [];
  setHandler(routeDealChangeSignal, (change) => void inbox.push(change));
  const routing = proxyActivities<DealRoutingActivities>({ startToCloseTimeout: '30s', retry: { maximumInterval: '30s' }, summary: `Find the order of amoCRM deal ${input.leadId}` });
  const amo = proxyActivities<AmoActivities>({ ...amocrmActivityOptions(input.amocrmTaskQueue), summary: `Read amoCRM deal ${input.leadId}` });
  const rulesOf = () => proxyLocalActivities<DealStageRuleActivities>({ ...localCheckOptions, summary: 'Stage 2 rules (our pipeline)' }).dealStageRules();

  // A change in another pipeline that names no order is not ours (our deals' account hooks carry the
  // order id): no amoCRM request and no search for it, however many a busy account sends.
  if (input.orderId === undefined) {
    const ours = input.pipelineId ?? (await rulesOf()).pipelineId;
    if (inbox.length > 0 && inbox.every((c) => c.pipelineId !== undefined && c.pipelineId !== ours)) return notOurs(`the deal is in pipeline ${inbox[0]!.pipelineId}, not ours (${ours})`, inbox);
  }
  let orderId = input.orderId ?? (await routing.findOrderOfDeal(input.leadId));
  if (!orderId) {
    const deal = await amo.readDealStage(input.leadId);
    if (!deal) return notOurs('amoCRM has no such deal', inbox);
    if (input.pipelineId !== undefined && deal.pipelineId !== input.pipelineId) return notOurs(`the deal is in pipeline ${deal.pipelineId}, not ours`, inbox);
    if (!deal.detmirOrderId) return notOurs('the deal carries no detmirOrderId', inbox);
    orderId = deal.detmirOrderId;
  }
  const order = getExternalWorkflowHandle(orderWorkflowId(orderId));
  let forwarded = 0;
  for (;;) {
    while (inbox.length > 0) {
      try {
        await order.signal(dealChangedSignal, inbox[0]!);
      } catch {
        // The order's workflow has finished: nothing follows the deal any more.
        log.info('Deal change for an order that is not running', { leadId: input.leadId, orderId });
        return { outcome: 'order-not-running', orderId, changes: forwarded + inbox.length };
      }
      inbox.shift();
      forwarded += 1;
    }
    // Only with nothing waiting: a change received meanwhile is forwarded first.
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished()) await continueAsNew<typeof dealRouterWorkflow>({ ...input, orderId });
    if (!(await condition(() => inbox.length > 0, IDLE))) break;
  }
  return { outcome: 'forwarded', orderId, changes: forwarded };
}

function notOurs(reason: string, inbox: DealChange[]): DealRouting {
  log.info('amoCRM deal is not ours', { reason, changes: inbox.length });
  return { outcome: 'not-ours', reason, changes: inbox.length };
}
