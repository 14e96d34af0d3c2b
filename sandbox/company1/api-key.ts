// The /v1 API's first rule: every request carries the right X-Api-Key (401 problem otherwise), whether or not
// it names a route and even when its URL cannot be decoded, as docs/company1-api.yaml states for every request.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PROBLEM_TYPES } from '../../company1/schemas';
import { invalidField, type ProblemError } from './problems';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The refusal for a request without the right key; undefined when the key is right. */
export type ApiKeyCheck = (headers: IncomingHttpHeaders) => ProblemError | undefined;

export function apiKeyCheck(apiKey: string): ApiKeyCheck {
  const expected = digest(apiKey);
  return (headers) => {
    const given = headers['x-api-key'];
    // Hashing first gives equal lengths, so the comparison is constant-time whatever was sent.
    const ok = typeof given === 'string' && timingSafeEqual(digest(given), expected);
    if (ok) return undefined;
    return invalidField(401, PROBLEM_TYPES.unauthorized, 'Unauthorized', 'X-Api-Key', 'Missing or wrong API key');
  };
}

/** True for a URL the /v1 API answers (and so one that needs the key). */
export const isApiUrl = (url: string): boolean => /^\/v1(?:[/?#]|$)/.test(url);
