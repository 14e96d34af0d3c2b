import { ActivityFailure, ApplicationFailure, condition } from '@temporalio/workflow';
import type { OrderState } from './contract';
import { enterPhase, flag, unflag } from './state';

export interface OperatorControls {
  /** Set by the `retryNow` signal. */
  retryRequested: boolean;
}

function failureText(err: ActivityFailure): string {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause?.message ?? err.message;
}

function failureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  return undefined;
}

/**
 * Runs a step until it succeeds. When its activity gives up (a non-retryable failure
 * such as a blocked amoCRM account, or retries exhausted), the order is flagged with
 * the reason and waits — no crash loop — then tries again after `everyMs` or as soon
 * as an operator sends `retryNow`. Failure types in `fatal` end the workflow instead.
 * `work` gets the number of earlier tries, so a step can tell a first try from a repeat.
 */
export async function persistently<T>(
  state: OrderState,
  step: { what: string; everyMs: number; fatal?: readonly string[] },
  controls: OperatorControls,
  work: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await work(attempt);
      unflag(state);
      return result;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const type = failureType(err);
      if (type && step.fatal?.includes(type)) {
        flag(state, failureText(err));
        throw ApplicationFailure.create({ type, message: failureText(err), nonRetryable: true, cause: err });
      }
      const phase = state.phase;
      flag(state, `${step.what} failed — ${failureText(err)}. Retrying every ${Math.round(step.everyMs / 1000)} s or on the retryNow signal.`);
      enterPhase(state, 'waiting-for-operator', `${step.what}: ${failureText(err)}`);
      controls.retryRequested = false;
      await condition(() => controls.retryRequested, step.everyMs, { summary: `retry: ${step.what}` });
      state.phase = phase;
    }
  }
}
