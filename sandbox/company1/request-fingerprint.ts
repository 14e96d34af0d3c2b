// Idempotency for POST /v1/orders: a retry must carry the same body as the first request, compared by a
// hash of its canonical JSON.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** Same body → same fingerprint, whatever the key order. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
