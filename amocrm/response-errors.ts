import { AmoError } from './errors';
import { problem, type Problem } from './schemas/problem';

export type AuthKind = 'long-lived' | 'oauth';

// Maps a non-2xx answer to an AmoError. amoCRM answers errors as problem+json, except the rate
// limiter (429) and the account block (403), which come from nginx as HTML pages.
export function errorFromStatus(status: number, text: string, request: string): AmoError {
  const body = parseProblem(text);
  const said = body?.detail ?? body?.title;
  const details = { status, request };
  if (status === 429) return new AmoError('rate-limited', 'too many requests (amoCRM allows 7/s per integration)', details);
  if (status === 403) {
    return new AmoError(
      'account-blocked',
      `forbidden${said ? ` (${said})` : ''}: the account is blocked after repeated rate-limit violations or this IP is not allowed; only amoCRM support can lift it`,
      details,
    );
  }
  if (status === 401) return unauthorized(body, details);
  if (status === 402) return new AmoError('payment-required', 'the amoCRM account is not paid', details);
  if (status === 404) return new AmoError('not-found', said ?? 'not found', details);
  if (status >= 500) return new AmoError('server', `amoCRM answered ${status}`, details);
  if (status >= 400) {
    const items = body?.['validation-errors'] ?? [];
    const fieldPaths = items.flatMap((v) => v.errors.map((e) => e.path));
    // Which items of a batch were refused: amoCRM names each by the request_id we sent (or its position).
    const invalidItems: Record<string, string[]> = {};
    for (const v of items) if (v.request_id !== undefined && v.errors.length > 0) (invalidItems[String(v.request_id)] ??= []).push(...v.errors.map((e) => e.path));
    return new AmoError('validation', said ?? `rejected with ${status}`, { ...details, fieldPaths, invalidItems });
  }
  return new AmoError('bad-response', `unexpected HTTP status ${status}`, details);
}

/** The OAuth endpoint answers 400 or 401 for a bad code or refresh token. */
export function errorFromTokenEndpoint(status: number, text: string, request: string): AmoError {
  if (status !== 400 && status !== 401) return errorFromStatus(status, text, request);
  return unauthorized(parseProblem(text), { status, request });
}

function unauthorized(body: Problem | null, details: { status: number; request: string }): AmoError {
  // A spent refresh token: someone refreshed without saving the new pair. Needs a new auth code.
  if (body?.hint && /revoked/i.test(body.hint)) {
    return new AmoError('token-revoked', `${body.hint}; re-authorize with npm run amocrm:oauth`, details);
  }
  return new AmoError('unauthorized', `token rejected${body?.hint ? ` (${body.hint})` : ''}; the token is expired, revoked or wrong`, details);
}

function parseProblem(text: string): Problem | null {
  try {
    const parsed = problem.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
