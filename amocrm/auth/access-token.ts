import { AmoError } from '../errors';

// Where the bearer of each request comes from, and what to do when amoCRM rejects it.
export interface AccessTokenSource {
  readonly kind: 'long-lived' | 'oauth';
  current(): Promise<string>;
  /** After a 401 for `rejected`: a newer token to retry with once, or null when there is none. */
  renew(rejected: string): Promise<string | null>;
}

// A long-lived token cannot be refreshed: once it expires or is revoked an operator must issue
// a new one, so a 401 is final (not retryable).
export class LongLivedToken implements AccessTokenSource {
  readonly kind = 'long-lived';
  constructor(private readonly token: string) {
    if (!token) throw new AmoError('unauthorized', 'empty long-lived token');
  }

  current(): Promise<string> {
    return Promise.resolve(this.token);
  }

  renew(): Promise<string | null> {
    return Promise.resolve(null);
  }
}
