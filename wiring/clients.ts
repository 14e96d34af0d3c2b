import { AmoClient, FileTokenStore } from '../amocrm';
import { Company1Client } from '../company1/client';
import type { Config } from '../config';
import { DEFAULT_SERVICES_FILE, loadServiceCatalog } from '../config/services';
import type { Logger } from '../logging/logger';
import { SANDBOX_AMOCRM_TOKEN, SANDBOX_COMPANY1_API_KEY } from '../config/sandbox-credentials';

// Real clients from settings; with no amoCRM / Company 1 settings, the local sandboxes.

export function amoClientFrom(config: Config, logger: Logger): AmoClient {
  const a = config.amocrm;
  const common = { fields: a.fields, tagId: a.tagId, requestsPerSecond: a.requestsPerSecond, timeoutMs: a.timeoutMs, logger: logger.child('amocrm') };
  switch (a.auth.kind) {
    case 'sandbox':
      return new AmoClient({ ...common, baseUrl: `http://127.0.0.1:${config.sandboxes.amocrmPort}`, auth: { kind: 'long-lived', token: SANDBOX_AMOCRM_TOKEN } });
    case 'long-lived':
      return new AmoClient({ ...common, baseUrl: a.baseUrl!, auth: { kind: 'long-lived', token: a.auth.token } });
    case 'oauth':
      return new AmoClient({
        ...common,
        baseUrl: a.baseUrl!,
        auth: { kind: 'oauth', clientId: a.auth.clientId, clientSecret: a.auth.clientSecret, redirectUri: a.auth.redirectUri, tokenStore: new FileTokenStore(a.auth.tokenFile) },
      });
  }
}

export function company1ClientFrom(config: Config): Company1Client {
  const c = config.company1;
  if (!c.baseUrl) return new Company1Client({ baseUrl: `http://127.0.0.1:${config.sandboxes.company1Port}`, apiKey: SANDBOX_COMPANY1_API_KEY, timeoutMs: c.timeoutMs });
  return new Company1Client({ baseUrl: c.baseUrl, apiKey: c.apiKey!, timeoutMs: c.timeoutMs });
}

export function serviceCatalogFrom(config: Config) {
  return loadServiceCatalog(config.servicesFile ?? DEFAULT_SERVICES_FILE);
}
