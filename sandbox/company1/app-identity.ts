// Company 1's side of the webview's seamless sign-in (stage 3): it signs short-lived tokens for its app's
// users with an ES256 key and publishes the public keys as a JWKS. Rotation adds a key with a new `kid`
// and keeps the old one published, as a real issuer does while tokens signed by it are still valid.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** The `aud` Company 2's webview expects unless told otherwise (WEBVIEW_AUDIENCE). */
export const DEFAULT_WEBVIEW_AUDIENCE = 'company2-webview';
/** The `iss` of every token the sandbox signs. */
export const SANDBOX_TOKEN_ISSUER = 'company1-sandbox';
const DEFAULT_TOKEN_LIFETIME_SEC = 120;

export interface AppUser {
  id: string;
  firstName: string;
  lastName: string;
  phone: string;
}

export interface TokenRequest {
  user: AppUser;
  audience?: string;
  /** Seconds until `exp` (negative: already expired). Default 120. */
  expiresInSec?: number;
  /** Default: a fresh uuid (tests reuse one to show a replay is refused). */
  jti?: string;
}

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

export class AppIdentity {
  private readonly keys: SigningKey[] = [];

  static async create(): Promise<AppIdentity> {
    const identity = new AppIdentity();
    await identity.rotate();
    return identity;
  }

  /** A new signing key; earlier keys stay in the JWKS (the last three). Returns the new `kid`. */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const kid = `c1-${randomUUID().slice(0, 8)}`;
    this.keys.push({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } });
    if (this.keys.length > 3) this.keys.shift();
    return kid;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  async mint(request: TokenRequest): Promise<string> {
    const key = this.keys[this.keys.length - 1]!;
    const now = Math.floor(Date.now() / 1000);
    const { user } = request;
    return new SignJWT({ given_name: user.firstName, family_name: user.lastName, phone_number: user.phone })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(SANDBOX_TOKEN_ISSUER)
      .setSubject(user.id)
      .setAudience(request.audience ?? DEFAULT_WEBVIEW_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + (request.expiresInSec ?? DEFAULT_TOKEN_LIFETIME_SEC))
      .setJti(request.jti ?? randomUUID())
      .sign(key.privateKey);
  }
}
