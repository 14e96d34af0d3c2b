// Public options of the sandbox and their defaults.
export interface RateLimitSettings {
  perTokenPerSecond: number;
  perAccountPerSecond: number;
  blockAfterViolations: number;
  violationWindowMs: number;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface AmoSandboxOptions {
  port?: number;
  host?: string;
  /** Used in the webhook account block (`account[subdomain]`, `account[_links][self]`). */
  subdomain?: string;
  longLivedTokens?: string[];
  oauthClients?: OAuthClient[];
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  rateLimit?: RateLimitSettings | false;
  /** Multiplies webhook retry delays and the auto-disable window; tests use e.g. 0.0001. */
  webhookTimeScale?: number;
  logRequests?: boolean;
}

export interface SandboxConfig {
  port: number;
  host: string;
  subdomain: string;
  longLivedTokens: string[];
  oauthClients: OAuthClient[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  rateLimit: RateLimitSettings | false;
  webhookTimeScale: number;
  logRequests: boolean;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = {
  perTokenPerSecond: 7,
  perAccountPerSecond: 50,
  blockAfterViolations: 50,
  violationWindowMs: 60_000,
};

const THREE_MONTHS_SECONDS = 90 * 24 * 3600;

export function resolveOptions(options: AmoSandboxOptions = {}): SandboxConfig {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    subdomain: options.subdomain ?? 'company2',
    longLivedTokens: options.longLivedTokens ?? [],
    oauthClients: options.oauthClients ?? [],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 86_400,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? THREE_MONTHS_SECONDS,
    rateLimit: options.rateLimit === undefined ? { ...DEFAULT_RATE_LIMIT } : options.rateLimit,
    webhookTimeScale: options.webhookTimeScale ?? 1,
    logRequests: options.logRequests ?? false,
  };
}
