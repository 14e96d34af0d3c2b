import { log, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { orderMetrics } from './metrics-sink';
import { AmoContactId, AmoLeadId, DetmirUserId, NeedsAttention, OrderStatus } from '../../temporal/search-attributes';
import type { Milestone, OrderPhase, OrderState, OrderWorkflowInput } from './contract';

const HISTORY_LIMIT = 50;

// The order's state lives in one object (exposed as-is by the `state` query); these
// helpers keep the search attributes and the Web UI's "current details" in step with it.

export function initialState(input: OrderWorkflowInput): OrderState {
  return { orderId: input.orderId, stage: input.stage, phase: 'loading-order', needsAttention: false, history: [] };
}

export function record(state: OrderState, event: string): void {
  state.history.push({ at: new Date().toISOString(), event });
  if (state.history.length > HISTORY_LIMIT) state.history.splice(0, state.history.length - HISTORY_LIMIT);
}

/** The first time a step of the timeline happened (a lesson: the latest one). No commands: replays the same. */
export function milestone(state: OrderState, step: Milestone): void {
  state.milestones ??= {};
  if (step === 'lesson' || state.milestones[step] === undefined) state.milestones[step] = new Date().toISOString();
}

export function enterPhase(state: OrderState, phase: OrderPhase, details: string): void {
  state.phase = phase;
  setCurrentDetails(`**${phase}** — ${details}`);
}

export function noteOrder(state: OrderState, order: { userId?: string; serviceName?: string; status?: string }): void {
  if (order.userId) state.userId = order.userId;
  if (order.serviceName) state.serviceName = order.serviceName;
  if (order.status && order.status !== state.orderStatus) {
    state.orderStatus = order.status;
    upsertSearchAttributes([{ key: OrderStatus, value: order.status }]);
    if (order.status !== 'on_approval') milestone(state, order.status as Milestone);
  }
  if (order.userId) upsertSearchAttributes([{ key: DetmirUserId, value: order.userId }]);
}

export function noteAmoIds(state: OrderState, ids: { contactId: number; dealId: number }): void {
  state.contactId = ids.contactId;
  state.dealId = ids.dealId;
  milestone(state, 'in-amocrm');
  upsertSearchAttributes([
    { key: AmoContactId, value: ids.contactId },
    { key: AmoLeadId, value: ids.dealId },
  ]);
}

/**
 * Flags the order for an operator (NeedsAttention = true in the Web UI), with a readable reason;
 * `kind` is its category for the metrics (a failure type, or what the order waits for).
 */
export function flag(state: OrderState, reason: string, kind: string): void {
  if (state.needsAttention && state.attentionReason === reason) return;
  if (!state.needsAttention) orderMetrics.flagged(kind);
  log.warn('Order needs attention', { orderId: state.orderId, reason });
  record(state, `needs attention: ${reason}`);
  // Upsert only on a change: a long wait re-flags on every check and must not grow the history.
  if (!state.needsAttention) upsertSearchAttributes([{ key: NeedsAttention, value: true }]);
  state.needsAttention = true;
  state.attentionReason = reason;
  setCurrentDetails(`**Needs attention** — ${reason}`);
}

export function unflag(state: OrderState): void {
  if (!state.needsAttention) return;
  state.needsAttention = false;
  state.attentionReason = undefined;
  record(state, 'attention cleared');
  upsertSearchAttributes([{ key: NeedsAttention, value: false }]);
}
