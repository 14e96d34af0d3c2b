// Signing and verifying Company 1's order notifications:
//   X-Company1-Timestamp: <unix seconds>
//   X-Company1-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
// The signature covers the raw bytes, so receivers must verify before parsing. Several `v1=` entries separated
// by commas are accepted, and `secret` may be a list, so a secret can be rotated without dropping deliveries.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEFAULT_TOLERANCE_SEC, OrderNotification, SIGNATURE_HEADER, SIGNATURE_VERSION, TIMESTAMP_HEADER } from './notification-schema';
import type { ReplayCache } from './replay-cache';

export type SignatureHeaders = Record<typeof TIMESTAMP_HEADER | typeof SIGNATURE_HEADER, string>;

function digest(secret: string, rawBody: string | Buffer, timestamp: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

export function signNotification(secret: string, rawBody: string | Buffer, timestampSec: number): SignatureHeaders {
  const timestamp = String(Math.floor(timestampSec));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `${SIGNATURE_VERSION}=${digest(secret, rawBody, timestamp).toString('hex')}`,
  };
}

export interface VerifyNotificationInput {
  secret: string | readonly string[];
  rawBody: string | Buffer;
  timestampHeader: string | string[] | undefined;
  signatureHeader: string | string[] | undefined;
  nowSec?: number;
  toleranceSec?: number;
  /** Pass one to refuse a delivery whose event id was already accepted inside the window. */
  replayCache?: ReplayCache;
}

export type VerifyNotificationResult =
  | { ok: true; notification: OrderNotification }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'forged' | 'replayed' }
  /** Authentic (the signature matches) but not a valid notification: `problems` name the fields. */
  | { ok: false; reason: 'invalid-body'; problems: string[] };

const SIGNATURE_ENTRY = /^v1=([0-9a-f]{64})$/;

export function verifyNotification(input: VerifyNotificationInput): VerifyNotificationResult {
  const timestamp = single(input.timestampHeader);
  const signature = single(input.signatureHeader);
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  const candidates = signature.split(',').map((s) => SIGNATURE_ENTRY.exec(s.trim())?.[1]);
  if (!/^\d{1,12}$/.test(timestamp) || candidates.some((c) => c === undefined)) return { ok: false, reason: 'malformed' };

  const nowSec = input.nowSec ?? Math.floor(Date.now() / 1000);
  const toleranceSec = input.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) return { ok: false, reason: 'expired' };

  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const expected = secrets.map((s) => digest(s, input.rawBody, timestamp));
  const given = candidates.map((c) => Buffer.from(c ?? '', 'hex'));
  const authentic = expected.some((e) => given.some((g) => g.length === e.length && timingSafeEqual(g, e)));
  if (!authentic) return { ok: false, reason: 'forged' };

  const parsed = parseBody(input.rawBody);
  if (!parsed.ok) return { ok: false, reason: 'invalid-body', problems: parsed.problems };
  const notification = parsed.notification;
  if (input.replayCache?.checkAndRemember(notification.id, nowSec, toleranceSec)) return { ok: false, reason: 'replayed' };
  return { ok: true, notification };
}

function single(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim() || undefined;
}

function parseBody(rawBody: string | Buffer): { ok: true; notification: OrderNotification } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString());
  } catch {
    return { ok: false, problems: ['(body): not JSON'] };
  }
  const parsed = OrderNotification.safeParse(json);
  if (parsed.success) return { ok: true, notification: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) };
}
