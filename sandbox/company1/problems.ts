// Problem-details responses of the sandbox. Handlers throw a ProblemError; the central error handler
// (app.ts) writes it as application/problem+json.
import type * as z from 'zod';
import { PROBLEM_TYPES, type FieldError, type Problem } from '../../company1/schemas';

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function problem(status: number, type: string, title: string, detail: string, errors?: FieldError[], extra?: Record<string, unknown>): ProblemError {
  return new ProblemError({ type, title, status, detail, ...(errors ? { errors } : {}), ...extra });
}

/** One entry per offending field; an unknown key is named by its own path, not its parent's. */
export function fieldErrors(error: z.ZodError, prefix: string[] = []): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...base, key].join('.'), message: 'Unknown field' }));
    }
    return [{ field: base.join('.') || 'body', message: issue.message }];
  });
}

export function invalid(error: z.ZodError, prefix: string[] = []): ProblemError {
  const errors = fieldErrors(error, prefix);
  return problem(400, PROBLEM_TYPES.validation, 'Invalid request', `Invalid ${errors.map((e) => e.field).join(', ')}`, errors);
}

export function invalidField(status: number, type: string, title: string, field: string, message: string): ProblemError {
  return problem(status, type, title, `${field}: ${message}`, [{ field, message }]);
}

export function notFound(orderId: string): ProblemError {
  return invalidField(404, PROBLEM_TYPES.notFound, 'Order not found', 'orderId', `No order ${orderId}`);
}

export function noRoute(method: string, url: string): ProblemError {
  return problem(404, PROBLEM_TYPES.notFound, 'Not found', `No route ${method} ${url}`, [{ field: 'path', message: 'No such route' }]);
}
