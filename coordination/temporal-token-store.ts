import type { TokenPair, TokenStore } from '../amocrm';
import { releaseRefreshLockUpdate, storeTokensUpdate, takeRefreshLockUpdate } from '../workflows/amocrm-account/contract';
import type { AmocrmAccount } from './amocrm-account';
import { processHolderId } from './holder-id';
import type { TokenSealer } from './token-sealer';

export interface TokenLockOptions {
  /** Longer than a refresh can take (an HTTP timeout): a holder that died loses the lock after this. */
  ttlMs?: number;
  /** How long to wait for another holder's refresh before giving up. */
  waitMs?: number;
}

/**
 * OAuth tokens kept by the account's coordinator workflow, sealed: every worker process on any
 * host sees the same pair, and the refresh lock there makes sure a single-use refresh token is
 * spent by one process only (OAuthSession reloads the pair under the lock and skips the refresh
 * when another process has already replaced the rejected token).
 */
export class TemporalTokenStore implements TokenStore {
  private readonly holder = processHolderId();

  constructor(
    private readonly account: AmocrmAccount,
    private readonly sealer: TokenSealer,
    private readonly options: TokenLockOptions = {},
  ) {}

  async load(): Promise<TokenPair | null> {
    const sealed = await this.account.sealedTokens();
    return sealed === undefined ? null : this.sealer.unseal(sealed);
  }

  async save(pair: TokenPair): Promise<void> {
    await this.account.update(storeTokensUpdate, { holder: this.holder, sealedTokens: this.sealer.seal(pair) });
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const { ttlMs = 30_000, waitMs = 90_000 } = this.options;
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      const lock = await this.account.update(takeRefreshLockUpdate, { holder: this.holder, ttlMs });
      if (lock.granted) break;
      if (Date.now() + lock.retryInMs > giveUpAt) throw new Error(`amoCRM token refresh lock: still held by another process after ${waitMs} ms`);
      await new Promise((r) => setTimeout(r, Math.min(lock.retryInMs, 1_000)));
    }
    try {
      return await fn();
    } finally {
      // save() released it already on success; after a failure, free it for the next process.
      await this.account.update(releaseRefreshLockUpdate, { holder: this.holder }).catch(() => undefined);
    }
  }
}
