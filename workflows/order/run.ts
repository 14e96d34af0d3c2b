import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  setCurrentDetails,
  TimeoutFailure,
  continueAsNew,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderClosure } from '../../activities/company1';
import type { IntakeOrder } from '../../activities/order-intake';
import { orderMetrics } from './metrics-sink';
import { PATCHES } from '../patches';
import {
  company1OrderChangedSignal,
  type Company1OrderChange,
  customerCancelSignal,
  type CustomerCancel,
  type OrderCheckpoint,
  type OrderState,
  type OrderWorkflowInput,
  retryNowSignal,
  stateQuery,
  switchStageSignal,
} from './contract';
import { NEEDS_A_FIX } from '../../failures/types';
import { type DealChange, dealChangedSignal } from './deal-contract';
import { failureText, failureType, type StepFailure } from './failures';
import { enterPhase, flag, initialState, record, unflag } from './state';

/** Deal changes waiting to be applied; beyond this a webhook storm is shed (the reconciliation catches up). */
const DEAL_INBOX_LIMIT = 500;

export interface StepOptions {
  /** How often a failure that heals by itself (blocked account, outage) is retried. */
  everyMs: number;
  /** Failure types that end the order (the workflow fails, flagged for an operator). */
  fatal?: readonly string[];
  /** Leave an existing flag alone when the step succeeds (the caller decides when it clears). */
  keepFlag?: boolean;
}

/**
 * One run of an order's workflow: its state, what the operator and Company 1 told it, and
 * what earlier runs of the same order did (continue-as-new carries it). Steps run through
 * `step()`, which retries, flags and waits the same way for every step.
 */
export class OrderRun {
  readonly state: OrderState;
  readonly operator: { retryRequested: boolean; latestChange?: Company1OrderChange; switchToStage2?: boolean; customerCancel?: CustomerCancel };
  order?: IntakeOrder;
  ids?: { contactId: number; dealId: number };
  closure?: OrderClosure;
  contactTries: number;
  /** Stage 2: deal changes received, applied in arrival order. */
  readonly dealInbox: DealChange[];

  constructor(readonly input: OrderWorkflowInput) {
    const carried: Partial<OrderCheckpoint> = input.resume ?? {};
    this.state = carried.state ?? initialState(input);
    this.operator = { retryRequested: carried.retryRequested ?? false, latestChange: carried.latestChange, ...(carried.switchToStage2 ? { switchToStage2: true } : {}), ...(carried.customerCancel ? { customerCancel: carried.customerCancel } : {}) };
    this.order = carried.order;
    this.ids = carried.ids;
    this.closure = carried.closure;
    this.contactTries = carried.contactTries ?? 0;
    this.dealInbox = [...(carried.dealInbox ?? [])];
    // A continued run starts without the Web UI's current details: say where the order stands.
    if (input.resume) {
      setCurrentDetails(
        this.state.needsAttention ? `**Needs attention** — ${this.state.attentionReason ?? ''}` : `**${this.state.phase}** — continued from an earlier run of this order`,
      );
    }
  }

  get orderId(): string {
    return this.input.orderId;
  }

  listen(): void {
    setHandler(stateQuery, () => this.state);
    setHandler(retryNowSignal, () => {
      this.operator.retryRequested = true;
      record(this.state, 'operator asked to retry now');
    });
    // Stage 2 applies them once the deal exists and is written back; a stage-1 order only keeps them.
    setHandler(dealChangedSignal, (change) => {
      if (this.dealInbox.length < DEAL_INBOX_LIMIT) this.dealInbox.push(change);
      else record(this.state, `dropped a deal change (${DEAL_INBOX_LIMIT} waiting already): the reconciliation fills such gaps`);
    });
    setHandler(switchStageSignal, () => {
      if (this.state.stage !== 1 || this.operator.switchToStage2) return;
      this.operator.switchToStage2 = true;
      record(this.state, 'operator switched the order to stage 2: its deal drives Company 1 from now on');
    });
    // Stage 3: acted on where the order follows its deal (the deal exists by then); one cancel is enough.
    setHandler(customerCancelSignal, (cancel) => {
      if (this.state.cancel) return;
      this.operator.customerCancel = cancel;
      this.state.cancel = { requestedAt: new Date().toISOString() };
      record(this.state, 'the customer asked to cancel the order');
    });
    setHandler(company1OrderChangedSignal, (change) => {
      this.operator.latestChange = change;
      record(this.state, `Company 1 notified: status ${change.status}${change.closedByDetmir ? ', closedByDetmir' : ''}`);
    });
  }

  /**
   * Runs a step until it succeeds. A failure its activity gives up on flags the order with
   * the reason (NeedsAttention) and waits — no crash loop: for a failure that heals by itself,
   * `everyMs` or an operator's `retryNow`; for one that needs a fix, the operator's `retry` only.
   * `work` gets the number of earlier tries, so it can tell a first try from a repeat.
   */
  async step<T>(what: string, options: StepOptions, work: (earlierTries: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await work(attempt);
        if (!options.keepFlag) unflag(this.state);
        return result;
      } catch (err) {
        // The released code let a local activity's failure (not an ActivityFailure) fail the
        // workflow as it was, unflagged: histories it wrote must replay that way.
        const unwrapped = err instanceof ApplicationFailure || err instanceof TimeoutFailure;
        const failure = err instanceof ActivityFailure || (unwrapped && patched(PATCHES.failedOrderStaysFlagged)) ? err : undefined;
        if (!failure) throw err;
        const type = failureType(failure);
        if (type && options.fatal?.includes(type)) await this.fail(type, failure);
        await this.waitForRetry(what, type, failureText(failure), options.everyMs);
      }
    }
  }

  /** At a wait that may repeat for weeks: a new run once Temporal finds this history long. */
  async continueAsNewIfSuggested(): Promise<void> {
    if (!workflowInfo().continueAsNewSuggested || !patched(PATCHES.orderContinuesAsNew)) return;
    await condition(allHandlersFinished);
    record(this.state, `continued as new after ${workflowInfo().historyLength} events`);
    const checkpoint: OrderCheckpoint = {
      state: this.state,
      order: this.order,
      ids: this.ids,
      closure: this.closure,
      contactTries: this.contactTries,
      retryRequested: this.operator.retryRequested,
      latestChange: this.operator.latestChange,
      dealInbox: this.dealInbox,
      ...(this.operator.switchToStage2 ? { switchToStage2: true } : {}),
      ...(this.operator.customerCancel ? { customerCancel: this.operator.customerCancel } : {}),
    };
    // Until the intake is done the next run still needs the order as Company 1 sent it.
    // The stage travels in the state: a switched order continues as a stage-2 one.
    await continueAsNew<(input: OrderWorkflowInput) => Promise<OrderState>>({ ...this.input, stage: this.state.stage, order: this.order ? undefined : this.input.order, resume: checkpoint });
  }

  private async waitForRetry(what: string, type: string | undefined, text: string, everyMs: number): Promise<void> {
    const phase = this.state.phase;
    this.operator.retryRequested = false;
    if (type !== undefined && NEEDS_A_FIX.includes(type) && patched(PATCHES.fixWaitsForOperator)) {
      flag(this.state, `${what} failed — ${text}. Retrying cannot help: fix the data or the configuration, then run \`npm run orders -- retry ${this.orderId}\`.`, type);
      enterPhase(this.state, 'waiting-for-operator', `${what}: ${text}`);
      // No timer: nothing happens, and the history does not grow, until an operator says so
      // (an order retried again and again by operators still continues as new when long).
      await this.continueAsNewIfSuggested();
      await condition(() => this.operator.retryRequested);
    } else {
      flag(this.state, `${what} failed — ${text}. Retrying every ${Math.round(everyMs / 1000)} s or on the retryNow signal.`, type ?? 'unknown-failure');
      enterPhase(this.state, 'waiting-for-operator', `${what}: ${text}`);
      await this.continueAsNewIfSuggested();
      await condition(() => this.operator.retryRequested, everyMs, { summary: `retry: ${what}` });
    }
    this.state.phase = phase;
  }

  private async fail(type: string, err: StepFailure): Promise<never> {
    const text = failureText(err);
    flag(this.state, text, type);
    this.state.phase = 'failed';
    orderMetrics.finished('failed', this.state.orderStatus ?? 'unknown');
    // A failure in the same workflow task would drop the NeedsAttention upsert: commit it first.
    if (patched(PATCHES.failedOrderStaysFlagged)) await sleep(1);
    throw ApplicationFailure.create({ type, message: text, nonRetryable: true, cause: err });
  }
}
