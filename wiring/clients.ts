import type { Client } from '@temporalio/client';
import { AmoClient, FileTokenStore, type TokenStore } from '../amocrm';
import { AmocrmAccount, amocrmAccountOf } from '../coordination/amocrm-account';
import { TemporalTokenStore } from '../coordination/temporal-token-store';
import { TokenSealer } from '../coordination/token-sealer';
import { Company1Client } from '../company1/client';
import type { Config } from '../config';
import { DEFAULT_SERVICES_FILE, loadServiceCatalog } from '../config/services';
import type { Logger } from '../logging/logger';
import { SANDBOX_AMOCRM_TOKEN, SANDBOX_COMPANY1_API_KEY } from '../config/sandbox-credentials';

// Real clients from settings; with no amoCRM / Company 1 settings, the local sandboxes.

/** The amoCRM account's coordinator (request budget, OAuth tokens), reached through Temporal. */
export function amocrmAccountFrom(config: Config, client: Client): AmocrmAccount {
  const account = config.amocrm.baseUrl ? amocrmAccountOf(config.amocrm.baseUrl) : `127.0.0.1:${config.sandboxes.amocrmPort}`;
  return new AmocrmAccount(client, { account, taskQueue: config.temporal.taskQueues.orders, requestsPerSecond: config.amocrm.requestsPerSecond });
}

/**
 * The process's amoCRM client. With the account's coordinator, OAuth tokens can live in Temporal,
 * and with `sharedRateLimit` the client sends only within the share of amoCRM's limit that the
 * coordinator grants this process (a RequestShareLease must run: worker processes).
 */
export function amoClientFrom(config: Config, logger: Logger, coordination?: { account: AmocrmAccount; sharedRateLimit: boolean }): AmoClient {
  const account = coordination?.account;
  const a = config.amocrm;
  const common = {
    fields: a.fields,
    tagId: a.tagId,
    requestsPerSecond: a.requestsPerSecond,
    timeoutMs: a.timeoutMs,
    batchSize: a.batchSize,
    sharedRateLimit: coordination?.sharedRateLimit ?? false,
    logger: logger.child('amocrm'),
  };
  switch (a.auth.kind) {
    case 'sandbox':
      return new AmoClient({ ...common, baseUrl: `http://127.0.0.1:${config.sandboxes.amocrmPort}`, auth: { kind: 'long-lived', token: SANDBOX_AMOCRM_TOKEN } });
    case 'long-lived':
      return new AmoClient({ ...common, baseUrl: a.baseUrl!, auth: { kind: 'long-lived', token: a.auth.token } });
    case 'oauth': {
      const { clientId, clientSecret, redirectUri } = a.auth;
      return new AmoClient({ ...common, baseUrl: a.baseUrl!, auth: { kind: 'oauth', clientId, clientSecret, redirectUri, tokenStore: tokenStoreFrom(a.auth.tokenStore, account) } });
    }
  }
}

function tokenStoreFrom(setting: { kind: 'temporal'; key: Buffer } | { kind: 'file'; path: string }, account: AmocrmAccount | undefined): TokenStore {
  if (setting.kind === 'file') return new FileTokenStore(setting.path);
  if (!account) throw new Error('AMOCRM_TOKEN_STORE=temporal needs a Temporal connection (the account coordinator)');
  return new TemporalTokenStore(account, new TokenSealer(setting.key, account.settings.account));
}

export function company1ClientFrom(config: Config): Company1Client {
  const c = config.company1;
  if (!c.baseUrl) return new Company1Client({ baseUrl: `http://127.0.0.1:${config.sandboxes.company1Port}`, apiKey: SANDBOX_COMPANY1_API_KEY, timeoutMs: c.timeoutMs });
  return new Company1Client({ baseUrl: c.baseUrl, apiKey: c.apiKey!, timeoutMs: c.timeoutMs });
}

export function serviceCatalogFrom(config: Config) {
  return loadServiceCatalog(config.servicesFile ?? DEFAULT_SERVICES_FILE);
}
