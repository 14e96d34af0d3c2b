import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OrderClosure } from '../../activities/company1';
import type { IntakeOrder } from '../../activities/order-intake';
import type { Order } from '../../company1/schemas';
import type { DealChange, DealProgress } from './deal-contract';

// Everything outside the workflow (webhook service, CLI, tests) talks to an order
// workflow through these definitions; importing this file loads no workflow code.

export interface OrderWorkflowTimings {
  /** Stage 1: Company 1 closes an order this long after its creation. */
  autoCloseAfterMs: number;
  /** Stage 1: extra wait before an order not closed by Company 1 is flagged. */
  graceMs: number;
  /** How often a flagged order is checked again. */
  recheckEveryMs: number;
  /** How often an order held up by a blocked/unauthorized amoCRM account retries. */
  blockedRecheckEveryMs: number;
}

export interface OrderWorkflowInput {
  orderId: string;
  stage: 1 | 2 | 3;
  /** The rate-limited task queue of amoCRM activities. */
  amocrmTaskQueue: string;
  timings: OrderWorkflowTimings;
  /** Set by an operator restart of an order whose earlier run may have created a deal already. */
  lookUpDealFirst?: boolean;
  /** The order as Company 1 sent it (notification or feed); without it the workflow reads it. */
  order?: Order;
  /** Set by continue-as-new only: what the previous run of this order had done and seen. */
  resume?: OrderCheckpoint;
}

/** An order's progress, carried from one run to the next by continue-as-new. */
export interface OrderCheckpoint {
  state: OrderState;
  order?: IntakeOrder;
  ids?: { contactId: number; dealId: number };
  /** Company 1's order as last seen after the write-back (stage 1 waits on it). */
  closure?: OrderClosure;
  /** Tries of the contact step so far: each try is a new entity update id, also across runs. */
  contactTries: number;
  retryRequested: boolean;
  latestChange?: Company1OrderChange;
  /** Stage 2: deal changes received and not applied yet. */
  dealInbox?: DealChange[];
  /** An operator's switch to stage 2 received before the order reached its close wait. */
  switchToStage2?: boolean;
  /** Stage 3: a customer's cancel received and not acted on yet. */
  customerCancel?: CustomerCancel;
}

export type OrderPhase =
  | 'loading-order'
  | 'creating-deal'
  | 'writing-back'
  | 'waiting-for-company1-close'
  | 'waiting-for-operator'
  | 'following-deal'
  | 'completed'
  | 'failed';

export interface OrderState {
  orderId: string;
  stage: 1 | 2 | 3;
  phase: OrderPhase;
  userId?: string;
  serviceName?: string;
  orderStatus?: string;
  contactId?: number;
  dealId?: number;
  closedByDetmir?: boolean;
  needsAttention: boolean;
  attentionReason?: string;
  closeDeadline?: string;
  /** Stage 2: the deal's progress and what it did to Company 1's order. */
  deal?: DealProgress;
  history: { at: string; event: string }[];
  /**
   * When each step of the order's progress first happened (workflow time, ISO): what the customer's timeline
   * shows. Absent in states carried from runs of earlier releases.
   */
  milestones?: Partial<Record<Milestone, string>>;
  /** Stage 3: the customer's cancel and what became of it. */
  cancel?: { requestedAt: string; outcome?: 'cancelled' | 'refused'; reason?: string; dealMoved?: { modifiedAt?: number }; noteTried?: boolean; noted?: boolean };
}

/** The steps of an order's timeline that the workflow sees happen (its creation is Company 1's `createdAt`). */
export type Milestone = 'in-amocrm' | 'approved' | 'in_work' | 'cost' | 'paid' | 'lesson' | 'executed' | 'rejected';

/** A customer's cancel from the webview; the order's statuses in which the webview allows one. */
export interface CustomerCancel {
  allowedWhile: string[];
  /** The note left in the deal's feed for Company 2's managers. */
  note: string;
}

/** What Company 1 told us about the order (a notification), so the workflow need not poll. */
export interface Company1OrderChange {
  status: string;
  closedByDetmir?: boolean;
  updatedAt: string;
}

/** Company 1 closed the order itself: executed, with its closedByDetmir flag. */
export const isClosedByCompany1 = (c: { status: string; closedByDetmir?: boolean }): boolean => c.status === 'executed' && c.closedByDetmir === true;

/**
 * The only Company 1 changes an order workflow acts on: its close, or a rejection. The webhook service signals
 * these alone: any other change (our own write-back's echo above all) only added a history line, for a signal
 * per order. A release that needs other changes must widen this.
 */
export const isFinalCompany1Change = (c: { status: string; closedByDetmir?: boolean } | undefined): boolean => c !== undefined && (isClosedByCompany1(c) || c.status === 'rejected');

export const stateQuery = defineQuery<OrderState>('state');
export const company1OrderChangedSignal = defineSignal<[Company1OrderChange]>('company1OrderChanged');
/** Operator: retry now whatever the order is waiting on (blocked account, not closed yet). */
export const retryNowSignal = defineSignal('retryNow');
/**
 * Operator (`npm run orders -- switch-stage 2`, a batch signal): a stage-1 order in flight stops
 * waiting for Company 1's auto-close and follows its deal from now on, starting from the deal's
 * current stage.
 */
export const switchStageSignal = defineSignal<[{ stage: 2 }]>('switchStage');
/**
 * Stage 3 (the webview): the customer cancels. The deal moves to Refusal with a note, Company 1's order becomes
 * `rejected`; refused (and recorded) once the order's status is past `allowedWhile`.
 */
export const customerCancelSignal = defineSignal<[CustomerCancel]>('customerCancel');
