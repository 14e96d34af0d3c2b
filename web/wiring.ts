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

/** The webview app from the configuration: Company 1's keys and API (or its sandbox), the order workflows in Temporal. */
export function webviewAppFrom(config: Config, client: Client, log: Logger, overrides: { jwksCooldownMs?: number } = {}) {
  const w = config.webview;
  const desk = new OrderDesk({ client, company1: company1ClientFrom(config), startSettings: orderStartSettings(config), catalog: serviceCatalogFrom(config), cancelWhile: w.cancelWhile });
  const tokens = new TokenCheck({ jwksUrl: w.jwksUrl, audience: w.audience, ...(w.issuer ? { issuer: w.issuer } : {}), ...overrides });
  const sessions = new SessionSeal(w.sessionSecret ?? SANDBOX_WEBVIEW_SESSION_SECRET, w.sessionTtlMs);
  const secureCookies = !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(w.publicUrl);
  return buildWebviewApp({ client, desk, tokens, sessions, bookingsPerHour: w.bookingsPerHour, secureCookies, log });
}
