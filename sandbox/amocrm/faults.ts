// Injected failures, set through the admin API. All of them are off by default.
import * as z from 'zod';

const ratio = z.number().min(0).max(1);

export const FaultsSchema = z.strictObject({
  /** Delay before every /api/v4 and /oauth2 request is handled. */
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  /** Share of /api/v4 requests answered with a 5xx before anything is written. */
  errorRatio5xx: ratio.optional(),
  /** Status used for those (default 500). */
  errorStatus: z.number().int().min(500).max(599).optional(),
  /**
   * The next `count` matching /api/v4 requests are answered with `status` (default 500; or 429) before
   * anything is written. method: default any; pathPrefix: default "/api/v4/".
   */
  failNext: z
    .strictObject({ method: z.string().optional(), pathPrefix: z.string().optional(), count: z.number().int().min(0), status: z.union([z.literal(429), z.number().int().min(500).max(599)]).optional() })
    .optional(),
  /**
   * The next `count` matching successful requests are committed, then the socket is destroyed
   * without an answer: the client sees a network error although the write happened.
   * method: default any write (POST/PATCH/PUT/DELETE); pathPrefix: default "/api/v4/".
   */
  dropResponseAfterCommit: z.strictObject({ method: z.string().optional(), pathPrefix: z.string().optional(), count: z.number().int().min(0) }).optional(),
  /**
   * The next `count` /api/v4 and /oauth2 requests reach amoCRM's rate counter `delayMs` late, as
   * behind a slow network path or a busy proxy: the client cannot tell when they arrived.
   */
  lateArrival: z.strictObject({ count: z.number().int().min(0), delayMs: z.number().int().min(0).max(10_000) }).optional(),
  webhooks: z
    .strictObject({
      /** Share of deliveries silently lost (never sent, never retried). */
      drop: ratio.optional(),
      /** Share of deliveries sent twice. */
      duplicate: ratio.optional(),
      /** Collect deliveries for REORDER_WINDOW_MS and send each batch in reverse order. */
      reorder: z.boolean().optional(),
    })
    .optional(),
});
export type Faults = z.infer<typeof FaultsSchema>;

const WRITE_METHODS = ['POST', 'PATCH', 'PUT', 'DELETE'];

export class FaultState {
  current: Faults = {};

  set(faults: Faults): void {
    this.current = structuredClone(faults);
  }

  clear(): void {
    this.current = {};
  }

  roll5xx(): number | undefined {
    const ratio = this.current.errorRatio5xx ?? 0;
    return ratio > 0 && Math.random() < ratio ? (this.current.errorStatus ?? 500) : undefined;
  }

  /** A status to answer with, before anything is written: from failNext (consumed) or errorRatio5xx. */
  takeFailure(method: string, path: string): number | undefined {
    const fault = this.current.failNext;
    if (fault && fault.count > 0 && (!fault.method || fault.method.toUpperCase() === method) && path.startsWith(fault.pathPrefix ?? '/api/v4/')) {
      fault.count -= 1;
      return fault.status ?? 500;
    }
    return this.roll5xx();
  }

  /** Consumes one drop if this committed request matches the dropResponseAfterCommit fault. */
  takeResponseDrop(method: string, path: string, status: number): boolean {
    const fault = this.current.dropResponseAfterCommit;
    if (!fault || fault.count <= 0 || status >= 400) return false;
    const methodOk = fault.method ? fault.method.toUpperCase() === method : WRITE_METHODS.includes(method);
    if (!methodOk || !path.startsWith(fault.pathPrefix ?? '/api/v4/')) return false;
    fault.count -= 1;
    return true;
  }

  /** Consumes one late arrival: how long this request takes to reach the counter (0: on time). */
  takeLateArrival(): number {
    const fault = this.current.lateArrival;
    if (!fault || fault.count <= 0) return 0;
    fault.count -= 1;
    return fault.delayMs;
  }

  rollWebhook(kind: 'drop' | 'duplicate'): boolean {
    const ratio = this.current.webhooks?.[kind] ?? 0;
    return ratio > 0 && Math.random() < ratio;
  }
}
