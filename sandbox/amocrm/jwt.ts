// HS256 JWTs: amoCRM access tokens are JWTs and clients read `exp` from them (doc §2.1).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  aud: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  sub: string;
  account_id: number;
  base_domain: string;
  scopes: string[];
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export class JwtSigner {
  private readonly secret = randomBytes(32);

  sign(claims: AccessClaims): string {
    const head = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', jti: claims.jti }))}.${b64url(JSON.stringify(claims))}`;
    return `${head}.${this.mac(head)}`;
  }

  /** The claims of a token this sandbox signed, or undefined (expiry is checked by the caller). */
  verify(token: string): AccessClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as AccessClaims;
    } catch {
      return undefined;
    }
  }

  private mac(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

export const randomToken = (prefix: string, bytes = 48) => `${prefix}${randomBytes(bytes).toString('hex')}`;
