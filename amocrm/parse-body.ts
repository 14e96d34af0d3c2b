import type * as z from 'zod';
import { AmoError } from './errors';

// Every 2xx body goes through a zod schema: a changed or truncated amoCRM answer becomes a
// typed bad-response error naming the offending path, not an undefined deep in an activity.
export function parseBody<T>(schema: z.ZodType<T>, text: string, request: string, status: number): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AmoError('bad-response', 'body is not JSON', { request, status });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5);
  const fieldPaths = issues.map((i) => (i.path.length > 0 ? i.path.map(String).join('.') : '(root)'));
  const summary = issues.map((i, n) => `${fieldPaths[n]}: ${i.message}`).join('; ');
  throw new AmoError('bad-response', `unexpected body: ${summary}`, { request, status, fieldPaths });
}
