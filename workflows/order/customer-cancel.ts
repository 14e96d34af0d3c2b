import { proxyActivities } from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import { amocrmActivityOptions } from '../activity-options';
import type { DealChange, DealStageRules } from './deal-contract';
import type { OrderRun } from './run';
import { record } from './state';

/** The stage a customer's cancel moves the deal to: the rules' ending stage that rejects the order (Refusal). */
export function refusalStatusId(rules: DealStageRules): number | undefined {
  const found = Object.entries(rules.byStatusId).find(([, rule]) => rule.status === 'rejected' && rule.ends);
  return found ? Number(found[0]) : undefined;
}

/**
 * Stage 3: a customer's cancel. While the order's status allows it, the deal moves to Refusal and gets a note
 * for Company 2's managers; the move comes back as a deal change, applied like any other (Company 1's order
 * becomes `rejected`, the order ends). Each step is marked done in the state, so a run that continues as new
 * in between does not repeat it. Answers the change to apply, or nothing when the cancel is refused.
 */
export async function customerCancelMove(run: OrderRun, rules: DealStageRules, leadId: number): Promise<DealChange | undefined> {
  const { state } = run;
  const request = run.operator.customerCancel!;
  const cancel = (state.cancel ??= { requestedAt: new Date().toISOString() });
  const status = state.orderStatus ?? 'on_approval';
  const refusal = refusalStatusId(rules);
  const refuse = (reason: string): undefined => {
    Object.assign(cancel, { outcome: 'refused', reason });
    run.operator.customerCancel = undefined;
    record(state, `the customer's cancel is refused: ${reason}`);
    return undefined;
  };
  if (!cancel.dealMoved) {
    if (!request.allowedWhile.includes(status)) return refuse(`the order is ${status} already`);
    if (refusal === undefined) return refuse('the stage-2 rules name no stage that rejects the order (Refusal)');
  }
  const amo = (summary: string) => proxyActivities<AmoActivities>({ ...amocrmActivityOptions(run.input.amocrmTaskQueue), summary });
  const everyMs = run.input.timings.blockedRecheckEveryMs;
  if (!cancel.dealMoved) {
    cancel.dealMoved = await run.step('moving the deal to Refusal for the customer', { everyMs }, () =>
      amo(`Move amoCRM deal ${leadId} to Refusal`).moveDealTo({ leadId, pipelineId: rules.pipelineId, statusId: refusal! }),
    );
    record(state, `deal ${leadId} moved to Refusal: the customer cancelled`);
  }
  if (!cancel.noted) {
    await run.step("adding the customer's cancel to the deal's notes", { everyMs }, () =>
      amo(`Note the cancel in amoCRM deal ${leadId}`).addDealNoteOnce({ leadId, text: request.note }),
    );
    cancel.noted = true;
  }
  cancel.outcome = 'cancelled';
  run.operator.customerCancel = undefined;
  return { leadId, statusId: refusal!, pipelineId: rules.pipelineId, source: 'customer', ...(cancel.dealMoved.modifiedAt === undefined ? {} : { modifiedAt: cancel.dealMoved.modifiedAt }) };
}
