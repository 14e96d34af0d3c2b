import { condition, proxyActivities } from '@temporalio/workflow';
import type { Company1Activities, OrderClosure } from '../../activities/company1';
import { company1ActivityOptions } from '../activity-options';
import type { Company1OrderChange, OrderState, OrderWorkflowTimings } from './contract';
import { persistently, type OperatorControls } from './persistently';
import { enterPhase, flag, noteOrder, record, unflag } from './state';

export interface CloseWatch extends OperatorControls {
  /** Latest change Company 1 notified us of (the `company1OrderChanged` signal). */
  latestChange?: Company1OrderChange;
}

const isClosedByCompany1 = (c: { status: string; closedByDetmir?: boolean }) => c.status === 'executed' && c.closedByDetmir === true;

/**
 * Stage 1: Company 1 closes its orders itself ~4 h after creation. Wait for that
 * durably — woken early by Company 1's notification, else at the deadline — and
 * confirm it with Company 1. Not closed in time: flag the order and keep checking.
 */
export async function awaitCompany1Close(
  state: OrderState,
  createdAt: string,
  firstSeen: OrderClosure,
  timings: OrderWorkflowTimings,
  watch: CloseWatch,
): Promise<'closed' | 'rejected'> {
  const company1 = proxyActivities<Company1Activities>({ ...company1ActivityOptions, summary: 'Check whether Company 1 closed the order' });
  const deadline = Date.parse(createdAt) + timings.autoCloseAfterMs + timings.graceMs;
  state.closeDeadline = new Date(deadline).toISOString();
  let closure = firstSeen;
  for (;;) {
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
    if (now >= deadline) {
      flag(state, `Company 1 has not closed the order by ${state.closeDeadline} (status ${closure.status}, closedByDetmir ${closure.closedByDetmir}); checked again every ${Math.round(timings.recheckEveryMs / 1000)} s`);
    } else {
      enterPhase(state, 'waiting-for-company1-close', `Company 1 closes the order itself; checked at ${state.closeDeadline} at the latest`);
    }
    const waitMs = now >= deadline ? timings.recheckEveryMs : deadline - now;
    watch.retryRequested = false;
    await condition(() => watch.retryRequested || (watch.latestChange !== undefined && isClosedByCompany1(watch.latestChange)) || watch.latestChange?.status === 'rejected', waitMs, {
      summary: 'Wait for Company 1 to close the order',
    });
    watch.latestChange = undefined;
    closure = await persistently(state, { what: 'reading the order from Company 1', everyMs: timings.recheckEveryMs }, watch, () => company1.readOrderClosure(state.orderId));
    noteOrder(state, { status: closure.status });
  }
}
