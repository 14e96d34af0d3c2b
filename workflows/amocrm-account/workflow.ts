import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type AmocrmAccountInput,
  type AmocrmAccountState,
  claimRequestShareUpdate,
  releaseRefreshLockUpdate,
  requestBudgetQuery,
  sealedTokensQuery,
  storeTokensUpdate,
  takeRefreshLockUpdate,
} from './contract';
import { grantShare } from './request-budget';

const WINDOW_MS = 1000;
const MAX_LEASE_MS = 30_000;

/**
 * One per amoCRM account: the request budget shared out as leases, and the OAuth token pair
 * with its refresh lock. Handlers are synchronous (no activities), so it answers as fast as a
 * workflow task; it continues as new whenever Temporal suggests it.
 */
export async function amocrmAccountWorkflow(input: AmocrmAccountInput): Promise<void> {
  const state: AmocrmAccountState = { grants: [], ...input.carried };
  const rules = { requestsPerSecond: input.requestsPerSecond, windowMs: WINDOW_MS };

  setHandler(
    claimRequestShareUpdate,
    ({ holder, leaseMs }) => {
      const granted = grantShare(state.grants, holder, Date.now(), leaseMs, rules);
      state.grants = granted.grants;
      return { share: granted.share, leaseMs };
    },
    {
      validator: ({ holder, leaseMs }) => {
        if (!holder) throw new Error('holder is empty');
        if (!(leaseMs > 0 && leaseMs <= MAX_LEASE_MS)) throw new Error(`leaseMs must be within (0, ${MAX_LEASE_MS}]`);
      },
    },
  );

  const lockedByAnother = (holder: string) => state.refreshLock !== undefined && state.refreshLock.holder !== holder && state.refreshLock.until > Date.now();
  setHandler(takeRefreshLockUpdate, ({ holder, ttlMs }) => {
    if (lockedByAnother(holder)) return { granted: false, retryInMs: Math.max(50, state.refreshLock!.until - Date.now()) };
    state.refreshLock = { holder, until: Date.now() + Math.min(ttlMs, MAX_LEASE_MS * 4) };
    return { granted: true, sealedTokens: state.sealedTokens };
  });
  setHandler(storeTokensUpdate, ({ holder, sealedTokens }) => {
    // Only the lock's holder may store: a holder whose lock expired must not overwrite a newer pair.
    if (state.refreshLock?.holder !== holder || state.refreshLock.until <= Date.now()) {
      throw ApplicationFailure.nonRetryable(`${holder} does not hold the token refresh lock`, 'TokenRefreshLockLost');
    }
    state.sealedTokens = sealedTokens;
    state.refreshLock = undefined;
  });
  setHandler(releaseRefreshLockUpdate, ({ holder }) => {
    if (state.refreshLock?.holder === holder) state.refreshLock = undefined;
  });
  setHandler(sealedTokensQuery, () => state.sealedTokens);
  setHandler(requestBudgetQuery, () => ({ requestsPerSecond: input.requestsPerSecond, grants: state.grants }));

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof amocrmAccountWorkflow>({ ...input, carried: state });
}
