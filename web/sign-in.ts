// Seamless sign-in: Company 1's app opens `/?token=<JWT>`. The token is checked with `jose` against Company 1's
// published keys (JWKS, cached; an unknown `kid` refetches them, so a rotation just works) and used once.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';

/** What a valid token says about the customer (OpenID Connect claim names). */
const Claims = z.object({
  sub: z.string().min(1).max(200),
  given_name: z.string().min(1).max(200),
  family_name: z.string().min(1).max(200),
  phone_number: z.string().regex(/^\+?\d{10,15}$/, 'expected a phone number'),
  jti: z.string().min(1).max(200),
  iat: z.number(),
  exp: z.number(),
});

export interface Customer {
  userId: string;
  firstName: string;
  lastName: string;
  phone: string;
}

/** Why a sign-in was refused (logged; the customer sees one page for all of them). */
export type RefusalReason = 'missing' | 'expired' | 'forged' | 'replayed' | 'wrong-audience' | 'invalid' | 'unavailable';

export type SignInResult = { ok: true; customer: Customer } | { ok: false; reason: RefusalReason; detail: string };

export interface TokenCheckSettings {
  jwksUrl: string;
  audience: string;
  issuer?: string;
  /** A token may live at most this long (exp − iat) and be at most this old. Default 10 minutes. */
  maxLifetimeSec?: number;
  /** Clock difference tolerated between Company 1 and us. Default 30 s. */
  clockToleranceSec?: number;
  /** Minimum time between two JWKS fetches for an unknown `kid` (jose's cooldown). Default 30 s. */
  jwksCooldownMs?: number;
}

/** Where a token's single use is recorded: true the first time a `jti` is claimed, false after. */
export interface TokenUses {
  claim(jti: string, expiresAtSec: number): Promise<boolean>;
}

/** Used `jti`s in this process's memory, kept until their token expires: the fast path before the shared record. */
export class UsedTokens {
  private readonly used = new Map<string, number>();

  /** True the first time; false when the jti was used already. */
  claim(jti: string, expiresAtSec: number, nowSec = Date.now() / 1000): boolean {
    if (this.used.size > 1000) for (const [id, exp] of this.used) if (exp < nowSec) this.used.delete(id);
    if (this.used.has(jti)) return false;
    this.used.set(jti, expiresAtSec);
    return true;
  }
}

export class TokenCheck {
  private readonly keys: JWTVerifyGetKey;
  private readonly used = new UsedTokens();

  /** `shared`: the record every webview process checks (Temporal); without it, this process's memory only (tests). */
  constructor(private readonly settings: TokenCheckSettings, private readonly shared?: TokenUses) {
    this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: settings.jwksCooldownMs ?? 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
  }

  async signIn(token: string | undefined): Promise<SignInResult> {
    if (token === undefined) return { ok: false, reason: 'missing', detail: 'no token' };
    if (!token) return { ok: false, reason: 'invalid', detail: 'an empty, repeated or oversized token parameter' };
    const maxLifetime = this.settings.maxLifetimeSec ?? 600;
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ['ES256', 'RS256'],
        audience: this.settings.audience,
        ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}),
        requiredClaims: ['sub', 'iat', 'exp', 'jti'],
        maxTokenAge: maxLifetime,
        clockTolerance: this.settings.clockToleranceSec ?? 30,
      }));
    } catch (err) {
      return { ok: false, ...refusalOf(err) };
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'invalid', detail: claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    const c = claims.data;
    if (c.exp - c.iat > maxLifetime) return { ok: false, reason: 'invalid', detail: `lives ${c.exp - c.iat} s, at most ${maxLifetime} s allowed` };
    if (!this.used.claim(c.jti, c.exp)) return { ok: false, reason: 'replayed', detail: 'this token was used already' };
    try {
      if (this.shared && !(await this.shared.claim(c.jti, c.exp))) return { ok: false, reason: 'replayed', detail: 'this token was used already (by another webview process)' };
    } catch (err) {
      // Whether it was used cannot be told now: refuse, with the page that says to try again shortly.
      return { ok: false, reason: 'unavailable', detail: `the record of used tokens is unreachable: ${err instanceof Error ? err.message : String(err)}` };
    }
    return { ok: true, customer: { userId: c.sub, firstName: c.given_name, lastName: c.family_name, phone: c.phone_number } };
  }
}

function refusalOf(err: unknown): { reason: RefusalReason; detail: string } {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof errors.JWTExpired) return { reason: 'expired', detail };
  if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud') return { reason: 'wrong-audience', detail };
  if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'iat') return { reason: 'expired', detail };
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) return { reason: 'forged', detail };
  // Company 1's keys could not be fetched (timeout, connection refused, an answer that is not a JWKS): not the
  // token's fault. jose throws its base JOSEError, no subclass, for a JWKS answer it cannot use.
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || !(err instanceof errors.JOSEError) || err.constructor === errors.JOSEError) {
    return { reason: 'unavailable', detail };
  }
  return { reason: 'invalid', detail };
}
