import { log, proxyActivities } from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import { amocrmActivityOptions } from '../activity-options';
import type { DealChange, DealStageRules } from './deal-contract';
import { impliedStatus, ruleOf } from './deal-rules';
import type { OrderRun } from './run';
import { record } from './state';

/** The stage a customer's cancel moves the deal to: the rules' ending stage that rejects the order (Refusal). */
export function refusalStatusId(rules: DealStageRules): number | undefined {
  const found = Object.entries(rules.byStatusId).find(([, rule]) => rule.status === 'rejected' && rule.ends);
  return found ? Number(found[0]) : undefined;
}

/**
 * Stage 3: a customer's cancel, acted on once every deal change received before it is applied. While Company 1's
 * status and the deal as amoCRM has it now (a manager's move whose webhook is still on its way counts) both allow
 * it, the deal moves to Refusal and gets a note for Company 2's managers. Answers the move, which the caller
 * queues like any deal change (Company 1's order becomes `rejected`, the order ends; the queue is carried by
 * continue-as-new), or nothing when the cancel is refused. Each step is marked done in the state first, so a
 * run that continues as new in between does not repeat it.
 */
export async function customerCancelMove(run: OrderRun, rules: DealStageRules, leadId: number): Promise<DealChange | undefined> {
  const { state } = run;
  const request = run.operator.customerCancel!;
  const cancel = (state.cancel ??= { requestedAt: new Date().toISOString() });
  const refusal = refusalStatusId(rules);
  const refuse = (reason: string): undefined => {
    Object.assign(cancel, { outcome: 'refused', reason });
    run.operator.customerCancel = undefined;
    record(state, `the customer's cancel is refused: ${reason}`);
    return undefined;
  };
  const amo = (summary: string) => proxyActivities<AmoActivities>({ ...amocrmActivityOptions(run.input.amocrmTaskQueue), summary });
  const everyMs = run.input.timings.blockedRecheckEveryMs;
  if (!cancel.dealMoved) {
    const status = state.orderStatus ?? 'on_approval';
    if (!request.allowedWhile.includes(status)) return refuse(`the order is ${status} already`);
    if (refusal === undefined) return refuse('the stage-2 rules name no stage that rejects the order (Refusal)');
    const now = await run.step('reading the deal before the customer\'s cancel', { everyMs }, () => amo(`Read amoCRM deal ${leadId}`).readDealStage(leadId));
    if (!now) return refuse(`amoCRM has no deal ${leadId} any more`);
    const implied = impliedStatus(rules, now.statusId);
    if (implied !== undefined && !request.allowedWhile.includes(implied)) {
      // The manager moved the deal on and its webhook has not arrived: the order catches up with it.
      run.dealInbox.push({ leadId, statusId: now.statusId, pipelineId: now.pipelineId, price: now.price, modifiedAt: now.modifiedAt, source: 'reconciliation' });
      return refuse(`the deal is at ${ruleOf(rules, now.statusId)?.stageName ?? now.statusId} already`);
    }
    cancel.dealMoved = await run.step('moving the deal to Refusal for the customer', { everyMs }, () =>
      amo(`Move amoCRM deal ${leadId} to Refusal`).moveDealTo({ leadId, pipelineId: rules.pipelineId, statusId: refusal }),
    );
    record(state, `deal ${leadId} moved to Refusal: the customer cancelled`);
  }
  if (!cancel.noted) {
    // Best effort: the managers' note never holds up the cancel itself. A try after one that may have added it
    // (an earlier run, or an attempt whose answer was lost) reads the deal's notes first.
    const lookUpFirst = cancel.noteTried === true;
    cancel.noteTried = true;
    try {
      await amo(`Note the cancel in amoCRM deal ${leadId}`).addDealNoteOnce({ leadId, text: request.note, lookUpFirst });
      cancel.noted = true;
    } catch (err) {
      log.warn('The cancel note was not added', { orderId: state.orderId, error: err instanceof Error ? err.message : String(err) });
      record(state, `the note on deal ${leadId} could not be added (${err instanceof Error ? err.message : String(err)}): add it by hand`);
    }
  }
  cancel.outcome = 'cancelled';
  run.operator.customerCancel = undefined;
  return { leadId, statusId: refusal!, pipelineId: rules.pipelineId, source: 'customer', ...(cancel.dealMoved.modifiedAt === undefined ? {} : { modifiedAt: cancel.dealMoved.modifiedAt }) };
}
