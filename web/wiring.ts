import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { SANDBOX_WEBVIEW_SESSION_SECRET } from '../config/sandbox-credentials';
import type { Logger } from '../logging/logger';
import { company1ClientFrom, serviceCatalogFrom } from '../wiring/clients';
import { orderStartSettings } from '../wiring/order-start-settings';
import { buildWebviewApp } from './app';
import { OrderDesk } from './order-desk';
import { SessionSeal } from './session';
import { TokenCheck } from './sign-in';
import { TemporalTokenUses } from './used-tokens';

/** The webview app from the configuration: Company 1's keys and API (or its sandbox), the order workflows in Temporal. */
/** A webview facing real customers must not fall back to the sandbox's keys or session secret. */
export function webviewSettingsProblems(config: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  if (config.stage !== 3) problems.push(`INTEGRATION_STAGE=3 is required (it is ${config.stage}): the webview books stage-3 orders`);
  if (config.company1.baseUrl) {
    if (!config.webview.sessionSecret) problems.push('WEBVIEW_SESSION_SECRET is required with COMPANY1_BASE_URL');
    if (!env.COMPANY1_JWKS_URL) problems.push("COMPANY1_JWKS_URL is required with COMPANY1_BASE_URL (Company 1's token keys)");
    if (!env.WEBVIEW_PUBLIC_URL) problems.push('WEBVIEW_PUBLIC_URL is required with COMPANY1_BASE_URL (https: session cookies are Secure)');
  }
  return problems;
}

export function webviewAppFrom(config: Config, client: Client, log: Logger, overrides: { jwksCooldownMs?: number } = {}) {
  const w = config.webview;
  const desk = new OrderDesk({ client, company1: company1ClientFrom(config), startSettings: orderStartSettings(config), catalog: serviceCatalogFrom(config), cancelWhile: w.cancelWhile });
  const tokens = new TokenCheck({ jwksUrl: w.jwksUrl, audience: w.audience, ...(w.issuer ? { issuer: w.issuer } : {}), ...overrides }, new TemporalTokenUses(client, config.temporal.taskQueues.orders));
  const sessions = new SessionSeal(w.sessionSecret ?? SANDBOX_WEBVIEW_SESSION_SECRET, w.sessionTtlMs);
  const secureCookies = !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(w.publicUrl);
  return buildWebviewApp({ client, desk, tokens, sessions, bookingsPerHour: w.bookingsPerHour, secureCookies, log });
}
