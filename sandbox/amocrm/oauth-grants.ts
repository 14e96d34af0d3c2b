// OAuth state: single-use auth codes (minted by the admin API, there is no consent page),
// single-use refresh tokens, and JWT access tokens. Errors follow the league/oauth2-server
// style amoCRM answers with; only the "Token has been revoked" hint is documented (§2.1.7),
// the other hints are UNCONFIRMED and chosen to read like the library's own.
import type { SandboxConfig } from './options';
import { type AccessClaims, JwtSigner, randomToken } from './jwt';
import { SEED_ACCOUNT_ID, SEED_USER_ID } from './seed';

export const AUTH_CODE_TTL_SECONDS = 20 * 60;

export class OAuthFailure extends Error {
  constructor(readonly status: number, readonly hint: string) {
    super(hint);
  }
}

interface CodeGrant { clientId: string; expiresAt: number; used: boolean }
interface RefreshGrant { clientId: string; expiresAt: number; used: boolean }

export interface TokenPair {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  refresh_token: string;
  server_time: number;
}

export type BearerKind = 'long-lived' | 'oauth' | 'expired' | 'invalid';

const now = () => Math.floor(Date.now() / 1000);

export class OAuthGrants {
  private readonly jwt = new JwtSigner();
  private codes = new Map<string, CodeGrant>();
  private refreshTokens = new Map<string, RefreshGrant>();

  constructor(private readonly config: SandboxConfig) {}

  issueCode(clientId: string, ttlSeconds = AUTH_CODE_TTL_SECONDS): { code: string; expires_at: number } {
    if (!this.client(clientId)) throw new OAuthFailure(400, `Unknown client_id ${clientId}`);
    const code = randomToken('def50200', 64);
    const expiresAt = now() + ttlSeconds;
    this.codes.set(code, { clientId, expiresAt, used: false });
    return { code, expires_at: expiresAt };
  }

  exchangeCode(p: Record<string, string | undefined>): TokenPair {
    const client = this.authenticate(p);
    if (!p.code) throw new OAuthFailure(400, 'Check the `code` parameter');
    if (p.redirect_uri !== client.redirectUri) throw new OAuthFailure(400, 'Invalid redirect URI');
    const grant = this.codes.get(p.code);
    if (!grant || grant.clientId !== client.clientId) throw new OAuthFailure(400, 'Cannot decrypt the authorization code');
    if (grant.used) throw new OAuthFailure(400, 'Authorization code has been revoked');
    if (grant.expiresAt <= now()) throw new OAuthFailure(400, 'Authorization code has expired');
    grant.used = true;
    return this.pair(client.clientId);
  }

  refresh(p: Record<string, string | undefined>): TokenPair {
    const client = this.authenticate(p);
    if (p.redirect_uri !== undefined && p.redirect_uri !== client.redirectUri) throw new OAuthFailure(400, 'Invalid redirect URI');
    const grant = p.refresh_token ? this.refreshTokens.get(p.refresh_token) : undefined;
    if (!grant || grant.clientId !== client.clientId) throw new OAuthFailure(401, 'Cannot decrypt the refresh token');
    if (grant.used) throw new OAuthFailure(401, 'Token has been revoked');
    if (grant.expiresAt <= now()) throw new OAuthFailure(401, 'Token has expired');
    grant.used = true;
    return this.pair(client.clientId);
  }

  mintAccessToken(clientId: string, ttlSeconds: number): { access_token: string; expires_at: number } {
    const iat = now();
    const claims: AccessClaims = {
      aud: clientId, jti: randomToken('', 20), iat, nbf: iat, exp: iat + ttlSeconds, sub: String(SEED_USER_ID),
      account_id: SEED_ACCOUNT_ID, base_domain: 'amocrm.ru', scopes: ['crm', 'notifications'],
    };
    return { access_token: this.jwt.sign(claims), expires_at: claims.exp };
  }

  classify(bearer: string): BearerKind {
    if (this.config.longLivedTokens.includes(bearer)) return 'long-lived';
    const claims = this.jwt.verify(bearer);
    if (!claims) return 'invalid';
    return claims.exp > now() ? 'oauth' : 'expired';
  }

  /** Forget codes; refresh tokens survive a data reset (they model the installed integration). */
  clearCodes(): void {
    this.codes = new Map();
  }

  private pair(clientId: string): TokenPair {
    const ttl = this.config.accessTokenTtlSeconds;
    const refresh = randomToken('def50200');
    this.refreshTokens.set(refresh, { clientId, expiresAt: now() + this.config.refreshTokenTtlSeconds, used: false });
    return { token_type: 'Bearer', expires_in: ttl, access_token: this.mintAccessToken(clientId, ttl).access_token, refresh_token: refresh, server_time: now() };
  }

  private client(clientId: string | undefined) {
    return this.config.oauthClients.find((c) => c.clientId === clientId);
  }

  private authenticate(p: Record<string, string | undefined>) {
    const client = this.client(p.client_id);
    if (!client || client.clientSecret !== p.client_secret) throw new OAuthFailure(401, 'Client authentication failed');
    return client;
  }
}
