// RFC 9457 problem details, the body of every error response. The offending field is always named in
// `errors[].field` (dot path into the request, or a header name such as `X-Api-Key`).
import * as z from 'zod';
import { OrderStatus } from './order-schemas';

const PROBLEM_BASE = 'https://api.company1.example/problems/';

export const PROBLEM_TYPES = {
  validation: `${PROBLEM_BASE}validation`,
  unauthorized: `${PROBLEM_BASE}unauthorized`,
  notFound: `${PROBLEM_BASE}not-found`,
  staleStatus: `${PROBLEM_BASE}stale-status`,
  invalidTransition: `${PROBLEM_BASE}invalid-transition`,
  finalOrder: `${PROBLEM_BASE}final-order`,
  idempotencyKeyReuse: `${PROBLEM_BASE}idempotency-key-reuse`,
  payloadTooLarge: `${PROBLEM_BASE}payload-too-large`,
  stageConflict: `${PROBLEM_BASE}stage-conflict`,
  unavailable: `${PROBLEM_BASE}unavailable`,
  internal: `${PROBLEM_BASE}internal`,
} as const;

export const FieldError = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

// Loose: problem details allow extension members, and a new one must not turn an error into a bad response.
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.array(FieldError).optional(),
  /** Only on stale-status (409): the status the order is actually in. */
  currentStatus: OrderStatus.optional(),
});
export type Problem = z.infer<typeof Problem>;
