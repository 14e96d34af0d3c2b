// Turns an HTTP outcome into a Company1Error. Deliberately keeps nothing from axios' error object: its
// `config` carries the X-Api-Key header, and a cause chain ends up in logs and in Temporal's history.
import { isAxiosError } from 'axios';
import { Company1Error, type Company1ErrorKind } from './errors';
import { Problem } from './problem';

function kindForStatus(status: number): Company1ErrorKind {
  if (status >= 500 || status === 429 || status === 408) return 'server';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'unprocessable';
  return 'bad-request';
}

export function errorFromResponse(operation: string, status: number, body: unknown): Company1Error {
  const problem = Problem.safeParse(body);
  const detail = problem.success ? problem.data.detail : `HTTP ${status}`;
  return new Company1Error({
    kind: kindForStatus(status),
    status,
    message: `Company 1 ${operation} failed with ${status}: ${detail}`,
    fields: problem.success ? (problem.data.errors ?? []).map((e) => e.field) : [],
    problemType: problem.success ? problem.data.type : undefined,
  });
}

export function errorFromTransport(operation: string, err: unknown): Company1Error {
  if (err instanceof Company1Error) return err;
  const code = isAxiosError(err) ? err.code : undefined;
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  return new Company1Error({
    kind: timedOut ? 'timeout' : 'network',
    message: `Company 1 ${operation} ${timedOut ? 'timed out' : `failed to connect (${code ?? 'unknown error'})`}`,
  });
}

export function badResponse(operation: string, status: number, issues: { path: PropertyKey[] }[]): Company1Error {
  const fields = [...new Set(issues.map((i) => i.path.map(String).join('.') || '(body)'))];
  return new Company1Error({
    kind: 'bad-response',
    status,
    message: `Company 1 ${operation} returned ${status} with a body that does not match the contract`,
    fields,
  });
}
