// Every way a Company 1 call can fail, as one typed error, and its translation into a Temporal failure.
// Workflows match failures by the exported `type` constants, never by class name.
import { ApplicationFailure } from '@temporalio/common';
import {
  COMPANY1_BAD_REQUEST,
  COMPANY1_BAD_RESPONSE,
  COMPANY1_CONFLICT,
  COMPANY1_NETWORK_ERROR,
  COMPANY1_NOT_FOUND,
  COMPANY1_SERVER_ERROR,
  COMPANY1_TIMEOUT,
  COMPANY1_UNAUTHORIZED,
  COMPANY1_UNEXPECTED,
  COMPANY1_UNPROCESSABLE,
} from '../failures/types';

export type Company1ErrorKind =
  | 'not-found'
  | 'bad-request'
  | 'unprocessable'
  | 'unauthorized'
  | 'conflict'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad-response';

export interface Company1ErrorInit {
  kind: Company1ErrorKind;
  message: string;
  status?: number;
  fields?: string[];
  problemType?: string;
}

const RETRYABLE_KINDS: ReadonlySet<Company1ErrorKind> = new Set(['server', 'timeout', 'network']);

export class Company1Error extends Error {
  override readonly name = 'Company1Error';
  readonly kind: Company1ErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly fields: string[];
  readonly problemType?: string;

  constructor(init: Company1ErrorInit) {
    const fields = init.fields ?? [];
    super(fields.length > 0 ? `${init.message} (fields: ${fields.join(', ')})` : init.message);
    this.kind = init.kind;
    this.retryable = RETRYABLE_KINDS.has(init.kind);
    this.status = init.status;
    this.fields = fields;
    this.problemType = init.problemType;
  }
}

export const COMPANY1_FAILURE_TYPES: Readonly<Record<Company1ErrorKind, string>> = {
  'not-found': COMPANY1_NOT_FOUND,
  'bad-request': COMPANY1_BAD_REQUEST,
  unprocessable: COMPANY1_UNPROCESSABLE,
  unauthorized: COMPANY1_UNAUTHORIZED,
  conflict: COMPANY1_CONFLICT,
  server: COMPANY1_SERVER_ERROR,
  timeout: COMPANY1_TIMEOUT,
  network: COMPANY1_NETWORK_ERROR,
  'bad-response': COMPANY1_BAD_RESPONSE,
};

/** 5xx, timeouts and network errors retry; other 4xx and unreadable responses never will succeed as sent. */
export function toActivityFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof Company1Error) {
    return ApplicationFailure.create({
      message: err.message,
      type: COMPANY1_FAILURE_TYPES[err.kind],
      nonRetryable: !err.retryable,
      details: [{ kind: err.kind, status: err.status ?? null, fields: err.fields }],
      cause: err,
    });
  }
  const cause = err instanceof Error ? err : new Error(String(err));
  return ApplicationFailure.create({ message: cause.message, type: COMPANY1_UNEXPECTED, nonRetryable: false, cause });
}
