// The session lives in one cookie, sealed with AES-256-GCM (a key derived from WEBVIEW_SESSION_SECRET): the
// customer's name and phone travel in it (needed for bookings) but nobody can read or change them, and the
// webview keeps no session store (several processes share nothing but the secret).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { Customer } from './sign-in';

export const SESSION_COOKIE = 'c2_session';

const SessionData = z.object({ sid: z.string(), uid: z.string(), fn: z.string(), ln: z.string(), ph: z.string(), exp: z.number() });

export interface Session {
  /** Random per sign-in: CSRF tokens are bound to it. */
  id: string;
  customer: Customer;
  expiresAt: number;
}

export class SessionSeal {
  private readonly sealKey: Buffer;
  private readonly csrfKey: Buffer;

  constructor(secret: string, private readonly ttlMs: number) {
    this.sealKey = Buffer.from(hkdfSync('sha256', secret, 'company2-webview', 'session-seal', 32));
    this.csrfKey = Buffer.from(hkdfSync('sha256', secret, 'company2-webview', 'csrf', 32));
  }

  get ttlSec(): number {
    return Math.floor(this.ttlMs / 1000);
  }

  start(customer: Customer, now = Date.now()): { session: Session; cookie: string } {
    const session: Session = { id: randomUUID(), customer, expiresAt: now + this.ttlMs };
    return { session, cookie: this.seal(session) };
  }

  seal(s: Session): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const data = { sid: s.id, uid: s.customer.userId, fn: s.customer.firstName, ln: s.customer.lastName, ph: s.customer.phone, exp: s.expiresAt };
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The session in the cookie, or undefined when it is absent, tampered with or expired. */
  open(cookie: string | undefined, now = Date.now()): Session | undefined {
    if (!cookie) return undefined;
    try {
      const raw = Buffer.from(cookie, 'base64url');
      // Node's decoder ignores stray characters and a last character's unused low bits, so several strings decode to
      // the same sealed bytes; only the exact string this seal issued is a session.
      if (raw.toString('base64url') !== cookie) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      const d = SessionData.parse(JSON.parse(text));
      if (d.exp <= now) return undefined;
      return { id: d.sid, customer: { userId: d.uid, firstName: d.fn, lastName: d.ln, phone: d.ph }, expiresAt: d.exp };
    } catch {
      return undefined;
    }
  }

  /** The CSRF token of every form of this session (synchronizer token, bound to the session id). */
  csrfToken(session: Session): string {
    return createHmac('sha256', this.csrfKey).update(session.id).digest('base64url');
  }

  csrfValid(session: Session, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(this.csrfToken(session));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
