// One error type for every way an amoCRM call can fail. Activities turn it into an
// ApplicationFailure (activity-failure.ts); `kind` is the stable contract, never the message.
export type AmoErrorKind =
  | 'rate-limited'
  | 'account-blocked'
  | 'unauthorized'
  | 'token-revoked'
  | 'validation'
  | 'payment-required'
  | 'not-found'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad-response'
  /** A search needed more pages than we walk: "not found" would be a guess, so it is an error. */
  | 'search-incomplete'
  /** The activity attempt gave up before (or while) sending: retried by the next attempt. */
  | 'attempt-abandoned';

// Retrying helps only when the cause is transient; everything else needs a code or operator fix.
const RETRYABLE: ReadonlySet<AmoErrorKind> = new Set(['rate-limited', 'server', 'timeout', 'network', 'attempt-abandoned']);

export interface AmoErrorDetails {
  status?: number;
  fieldPaths?: string[];
  /** A refused batch: the field paths of each invalid item, by the item's request_id. */
  invalidItems?: Record<string, string[]>;
  /** "GET /api/v4/contacts": the request, without query string or headers (no ids, no tokens). */
  request?: string;
  cause?: unknown;
}

export class AmoError extends Error {
  override readonly name = 'AmoError';
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly fieldPaths: string[];
  readonly invalidItems: Record<string, string[]>;
  readonly request: string | undefined;

  constructor(
    readonly kind: AmoErrorKind,
    summary: string,
    details: AmoErrorDetails = {},
  ) {
    const paths = details.fieldPaths ?? [];
    const where = details.request ? `${details.request}: ` : '';
    const fields = paths.length > 0 ? ` (fields: ${paths.join(', ')})` : '';
    super(`amoCRM ${kind}: ${where}${summary}${fields}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.retryable = RETRYABLE.has(kind);
    this.status = details.status;
    this.fieldPaths = paths;
    this.invalidItems = details.invalidItems ?? {};
    this.request = details.request;
  }
}

export function isAmoError(err: unknown): err is AmoError {
  return err instanceof AmoError;
}
