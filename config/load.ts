import * as z from 'zod';
import { amocrmEnv, amocrmSection } from './amocrm';
import { company1Env } from './company1';
import { integrationEnv } from './integration';
import { temporalEnv, temporalSection } from './temporal';
import { webviewEnv } from './webview';

// Every setting of every process, as environment variables. Read once at boot.
export const envSchema = z
  .object({ ...temporalEnv, ...amocrmEnv, ...company1Env, ...integrationEnv, ...webviewEnv })
  .superRefine((env, ctx) => {
    const need = (key: string, why: string) => ctx.addIssue({ code: 'custom', path: [key], message: `required ${why}` });
    if (env.TEMPORAL_TLS_CERT_PATH && !env.TEMPORAL_TLS_KEY_PATH) need('TEMPORAL_TLS_KEY_PATH', 'with TEMPORAL_TLS_CERT_PATH');
    if (env.TEMPORAL_TLS_KEY_PATH && !env.TEMPORAL_TLS_CERT_PATH) need('TEMPORAL_TLS_CERT_PATH', 'with TEMPORAL_TLS_KEY_PATH');
    if (env.AMOCRM_BASE_URL && !env.AMOCRM_LONG_LIVED_TOKEN) {
      for (const key of ['AMOCRM_CLIENT_ID', 'AMOCRM_CLIENT_SECRET', 'AMOCRM_REDIRECT_URI'] as const) {
        if (!env[key]) need(key, 'with AMOCRM_BASE_URL unless AMOCRM_LONG_LIVED_TOKEN is set');
      }
      if (env.AMOCRM_TOKEN_STORE === 'temporal' && !env.AMOCRM_TOKEN_KEY) need('AMOCRM_TOKEN_KEY', 'for OAuth tokens kept in Temporal (AMOCRM_TOKEN_STORE=temporal)');
    }
    if (env.AMOCRM_BASE_URL && env.INTEGRATION_STAGE !== 1 && !env.AMOCRM_WEBHOOK_SECRET) need('AMOCRM_WEBHOOK_SECRET', 'with AMOCRM_BASE_URL in stage 2 and 3 (the URL amoCRM posts its webhooks to)');
    if (env.COMPANY1_BASE_URL) {
      if (!env.COMPANY1_API_KEY) need('COMPANY1_API_KEY', 'with COMPANY1_BASE_URL');
      if (!env.COMPANY1_NOTIFICATION_SECRET) need('COMPANY1_NOTIFICATION_SECRET', 'with COMPANY1_BASE_URL');
    }
  });

export type Env = z.infer<typeof envSchema>;

function toConfig(env: Env) {
  return {
    temporal: temporalSection(env),
    amocrm: amocrmSection(env),
    company1: {
      baseUrl: env.COMPANY1_BASE_URL,
      apiKey: env.COMPANY1_API_KEY,
      notificationSecret: env.COMPANY1_NOTIFICATION_SECRET,
      notificationToleranceMs: env.COMPANY1_NOTIFICATION_TOLERANCE,
      timeoutMs: env.COMPANY1_TIMEOUT,
      feedPollEveryMs: env.FEED_POLL_EVERY,
    },
    stage: env.INTEGRATION_STAGE as 1 | 2 | 3,
    stage1: { autoCloseAfterMs: env.STAGE1_AUTO_CLOSE_AFTER, graceMs: env.STAGE1_GRACE, recheckEveryMs: env.STAGE1_RECHECK_EVERY },
    amocrmBlockedRecheckEveryMs: env.AMOCRM_BLOCKED_RECHECK_EVERY,
    contactEntityIdleMs: env.CONTACT_ENTITY_IDLE,
    reconcileEveryMs: env.AMOCRM_RECONCILE_EVERY,
    servicesFile: env.SERVICES_FILE,
    stage2RulesFile: env.STAGE2_RULES_FILE,
    webhook: { host: env.WEBHOOK_HOST, port: env.WEBHOOK_PORT, publicUrl: env.WEBHOOK_PUBLIC_URL, temporalDeadlineMs: env.WEBHOOK_TEMPORAL_DEADLINE },
    webview: {
      host: env.WEBVIEW_HOST,
      port: env.WEBVIEW_PORT,
      publicUrl: env.WEBVIEW_PUBLIC_URL ?? `http://127.0.0.1:${env.WEBVIEW_PORT}`,
      audience: env.WEBVIEW_AUDIENCE,
      jwksUrl: env.COMPANY1_JWKS_URL ?? `http://127.0.0.1:${env.SANDBOX_COMPANY1_PORT}/.well-known/jwks.json`,
      issuer: env.COMPANY1_TOKEN_ISSUER,
      sessionSecret: env.WEBVIEW_SESSION_SECRET,
      sessionTtlMs: env.WEBVIEW_SESSION_TTL,
      cancelWhile: env.WEBVIEW_CANCEL_WHILE,
      bookingsPerHour: env.WEBVIEW_BOOKINGS_PER_HOUR,
    },
    sandboxes: { amocrmPort: env.SANDBOX_AMOCRM_PORT, company1Port: env.SANDBOX_COMPANY1_PORT },
    ops: { host: env.OPS_HOST, port: env.OPS_PORT },
    logLevel: env.LOG_LEVEL,
  };
}

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: { key: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.key}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Empty strings count as unset, the way a `.env` line `KEY=` is meant.
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const keys = Object.keys(envSchema.shape);
  const present = Object.fromEntries(keys.filter((k) => source[k] !== undefined && source[k] !== '').map((k) => [k, source[k]]));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ key: String(i.path[0] ?? '(config)'), message: i.message })));
  }
  return toConfig(parsed.data);
}
