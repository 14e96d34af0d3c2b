import * as z from 'zod';

// An OAuth pair. amoCRM refresh tokens are single-use: whoever refreshes must persist the new
// pair before anyone else can use the API, hence the lock in TokenStore.
export const tokenPair = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch milliseconds when the access token expires (informational; we refresh on 401). */
  expiresAt: z.number(),
});
export type TokenPair = z.infer<typeof tokenPair>;

export interface TokenStore {
  load(): Promise<TokenPair | null>;
  save(pair: TokenPair): Promise<void>;
  /** Runs fn while no other holder of the same store (in any process on this host) runs one. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

/** Process-local store, for tests and tools that never share tokens between processes. */
export class MemoryTokenStore implements TokenStore {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private pair: TokenPair | null = null) {}

  load(): Promise<TokenPair | null> {
    return Promise.resolve(this.pair);
  }

  save(pair: TokenPair): Promise<void> {
    this.pair = pair;
    return Promise.resolve();
  }

  withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
