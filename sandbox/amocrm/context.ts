// Everything one sandbox instance holds. Routes get this object, never module-level state,
// so several sandboxes can run in one process (tests start one per file).
import { createLogger, type Logger } from '../../logging/logger';
import { FaultState } from './faults';
import { OAuthGrants } from './oauth-grants';
import type { SandboxConfig } from './options';
import { RateLimiter } from './rate-limit';
import { RequestLog } from './request-log';
import { SEED_ACCOUNT_ID } from './seed';
import { Store } from './store';
import { WebhookDispatcher } from './webhook-delivery';
import { WebhookRegistry } from './webhook-registry';

export interface SandboxContext {
  config: SandboxConfig;
  accountId: number;
  store: Store;
  grants: OAuthGrants;
  limiter: RateLimiter;
  faults: FaultState;
  requests: RequestLog;
  webhooks: WebhookRegistry;
  dispatcher: WebhookDispatcher;
  account: { paid: boolean };
  log: Logger;
}

export function createContext(config: SandboxConfig): SandboxContext {
  const log = createLogger('sandbox.amocrm');
  const store = new Store();
  const faults = new FaultState();
  const webhooks = new WebhookRegistry();
  const account = { id: SEED_ACCOUNT_ID, subdomain: config.subdomain };
  return {
    config,
    accountId: SEED_ACCOUNT_ID,
    store,
    grants: new OAuthGrants(config),
    limiter: new RateLimiter(config.rateLimit),
    faults,
    requests: new RequestLog(),
    webhooks,
    dispatcher: new WebhookDispatcher({ store, registry: webhooks, faults, account, timeScale: config.webhookTimeScale, log }),
    account: { paid: true },
    log,
  };
}

/** Back to the seeded account: data, webhooks, faults, limits, block, request log. Config and issued OAuth tokens stay. */
export function resetContext(ctx: SandboxContext): void {
  ctx.dispatcher.reset();
  ctx.store.reset();
  ctx.webhooks.reset();
  ctx.faults.clear();
  ctx.limiter.reset();
  ctx.requests.clear();
  ctx.grants.clearCodes();
  ctx.account.paid = true;
}
