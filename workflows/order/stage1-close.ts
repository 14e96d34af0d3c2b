import { condition, patched, proxyActivities } from '@temporalio/workflow';
import type { Company1Activities, OrderClosure } from '../../activities/company1';
import { company1ActivityOptions } from '../activity-options';
import { PATCHES } from '../patches';
import { isClosedByCompany1, isFinalCompany1Change } from './contract';
import type { OrderRun } from './run';
import { enterPhase, flag, noteOrder, record, unflag } from './state';

/**
 * Stage 1: Company 1 closes its orders itself ~4 h after creation. Wait for that
 * durably — woken early by Company 1's notification, else at the deadline — and
 * confirm it with Company 1. Not closed in time: flag the order and keep checking.
 */
export async function awaitCompany1Close(run: OrderRun, createdAt: string, firstSeen: OrderClosure): Promise<'closed' | 'rejected' | 'switched'> {
  const { state, operator } = run;
  const timings = run.input.timings;
  const company1 = proxyActivities<Company1Activities>({ ...company1ActivityOptions, summary: 'Check whether Company 1 closed the order' });
  const deadline = Date.parse(createdAt) + timings.autoCloseAfterMs + timings.graceMs;
  state.closeDeadline = new Date(deadline).toISOString();
  let closure = firstSeen;
  for (;;) {
    run.closure = closure;
    state.closedByDetmir = closure.closedByDetmir;
    if (isClosedByCompany1(closure)) {
      unflag(state);
      record(state, 'Company 1 closed the order (executed, closedByDetmir: true)');
      return 'closed';
    }
    if (closure.status === 'rejected') {
      unflag(state);
      record(state, 'Company 1 rejected the order');
      return 'rejected';
    }
    const now = Date.now();
    const late = now >= deadline;
    if (late) {
      flag(state, `Company 1 has not closed the order by ${state.closeDeadline} (status ${closure.status}, closedByDetmir ${closure.closedByDetmir}); checked again every ${Math.round(timings.recheckEveryMs / 1000)} s`, 'company1-not-closed');
      state.phase = 'waiting-for-company1-close';
    } else {
      enterPhase(state, 'waiting-for-company1-close', `Company 1 closes the order itself; checked at ${state.closeDeadline} at the latest`);
    }
    operator.retryRequested = false;
    await run.continueAsNewIfSuggested();
    // switchToStage2 is only ever set by a signal the released code did not know: its histories wait the same.
    await condition(() => operator.retryRequested || isFinalCompany1Change(operator.latestChange) || operator.switchToStage2 === true, late ? timings.recheckEveryMs : deadline - now, {
      summary: 'Wait for Company 1 to close the order',
    });
    if (operator.switchToStage2) return 'switched';
    operator.latestChange = undefined;
    // A flagged order stays flagged while it is rechecked; only the close (or rejection) clears it.
    const keepFlag = state.needsAttention && patched(PATCHES.closeWaitKeepsFlag);
    closure = await run.step('reading the order from Company 1', { everyMs: timings.recheckEveryMs, keepFlag }, () => company1.readOrderClosure(state.orderId));
    noteOrder(state, { status: closure.status });
  }
}
