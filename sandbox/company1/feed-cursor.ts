// Feed cursors: opaque to callers, verifiable by the sandbox. A cursor is a feed position signed with the
// store's cursor key (HMAC-SHA256), so one this sandbox never issued (made up, edited, or another sandbox's) is
// refused with a 400 naming `cursor` instead of silently restarting the feed. The key is kept in the state
// file, so cursors stay good across a restart.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface FeedPosition {
  updatedAtMs: number;
  id: string;
}

export class FeedCursors {
  constructor(private readonly key: string) {}

  issue(position: FeedPosition): string {
    const payload = Buffer.from(JSON.stringify([position.updatedAtMs, position.id])).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position of a cursor this sandbox issued; undefined for anything else. */
  read(cursor: string): FeedPosition | undefined {
    const [payload, signature, ...rest] = cursor.split('.');
    if (payload === undefined || signature === undefined || rest.length > 0) return undefined;
    // Compared as text: base64url decoding skips stray characters, so two different strings could decode alike.
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || !Number.isSafeInteger(value[0]) || typeof value[1] !== 'string') return undefined;
    return { updatedAtMs: value[0] as number, id: value[1] };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
