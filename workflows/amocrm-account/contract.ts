import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ShareGrant } from './request-budget';

// The amoCRM account's coordinator (one workflow per account, id from amocrmAccountWorkflowId):
// every worker process, on any host, shares amoCRM's request budget and the OAuth tokens
// through it. Tokens reach it sealed (AES-256-GCM, key outside Temporal): a Temporal operator
// sees ciphertext only, in histories, update arguments and query results alike.

export interface AmocrmAccountState {
  grants: ShareGrant[];
  /** The OAuth token pair, sealed by the processes; never plain text here. */
  sealedTokens?: string;
  refreshLock?: { holder: string; until: number };
}

export interface AmocrmAccountInput {
  /** amoCRM's limit for one integration: requests in any sliding second, all processes together. */
  requestsPerSecond: number;
  /** Continue-as-new carries the state on. */
  carried?: AmocrmAccountState;
}

export interface RequestShareClaim {
  /** One process: host, pid and a random part. */
  holder: string;
  leaseMs: number;
}
export interface RequestShareLease {
  /** Requests this process may send in any sliding second, until the lease ends. */
  share: number;
  leaseMs: number;
}
export const claimRequestShareUpdate = defineUpdate<RequestShareLease, [RequestShareClaim]>('claimRequestShare');

export interface RefreshLockClaim {
  holder: string;
  /** Longer than a token refresh can take (its HTTP timeout), so a dead holder's lock expires. */
  ttlMs: number;
}
export type RefreshLock = { granted: true; sealedTokens?: string } | { granted: false; retryInMs: number };
export const takeRefreshLockUpdate = defineUpdate<RefreshLock, [RefreshLockClaim]>('takeTokenRefreshLock');
/** Stores a new sealed pair and releases the holder's lock. Refused to anyone but the lock's holder. */
export const storeTokensUpdate = defineUpdate<void, [{ holder: string; sealedTokens: string }]>('storeTokens');
export const releaseRefreshLockUpdate = defineUpdate<void, [{ holder: string }]>('releaseTokenRefreshLock');
export const sealedTokensQuery = defineQuery<string | undefined>('sealedTokens');
export const requestBudgetQuery = defineQuery<{ requestsPerSecond: number; grants: ShareGrant[] }>('requestBudget');
