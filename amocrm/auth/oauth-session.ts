import { AmoError } from '../errors';
import { type Logger } from '../../logging/logger';
import { type AccessTokenSource } from './access-token';
import { type TokenEndpoint } from './token-endpoint';
import { type TokenPair, type TokenStore } from './token-store';

// OAuth tokens for one client. Refresh tokens are single-use, so a refresh must never run twice
// for the same pair: within the process concurrent 401s share one refresh promise, and across
// processes the store's lock serialises refreshes; inside it we reload the pair and skip the
// refresh when someone else already replaced the token that was rejected.
export class OAuthSession implements AccessTokenSource {
  readonly kind = 'oauth';
  private pair: TokenPair | null = null;
  private renewal: Promise<TokenPair> | null = null;

  constructor(
    private readonly store: TokenStore,
    private readonly endpoint: TokenEndpoint,
    private readonly logger: Logger,
  ) {}

  async current(): Promise<string> {
    this.pair ??= await this.store.load();
    if (!this.pair) throw noTokens();
    return this.pair.accessToken;
  }

  async renew(rejected: string): Promise<string> {
    if (this.pair && this.pair.accessToken !== rejected) return this.pair.accessToken;
    this.renewal ??= this.refreshUnderLock(rejected).finally(() => {
      this.renewal = null;
    });
    return (await this.renewal).accessToken;
  }

  /** Operator step: trade an authorization code for the first pair and persist it. */
  async exchangeCode(code: string): Promise<void> {
    await this.store.withLock(async () => {
      this.pair = await this.endpoint.exchangeCode(code);
      await this.store.save(this.pair);
    });
    this.logger.info('amoCRM authorization code exchanged; tokens stored');
  }

  private refreshUnderLock(rejected: string): Promise<TokenPair> {
    return this.store.withLock(async () => {
      const stored = await this.store.load();
      if (!stored) throw noTokens();
      if (stored.accessToken !== rejected) {
        this.logger.info('amoCRM tokens were refreshed by another process; reusing them');
        this.pair = stored;
        return stored;
      }
      const fresh = await this.endpoint.refresh(stored.refreshToken);
      // Save before anything else: the old refresh token is spent from this moment.
      await this.store.save(fresh);
      this.pair = fresh;
      this.logger.info('amoCRM access token refreshed');
      return fresh;
    });
  }
}

function noTokens(): AmoError {
  return new AmoError('unauthorized', 'no OAuth tokens stored; run `npm run amocrm:oauth -- --code <code>`');
}
