// Collects validation problems for one batch. amoCRM validates the whole batch first and
// writes nothing when any item is invalid, so routes plan every item, then commit or throw.
import type * as z from 'zod';
import { type FieldIssue, type ValidationEntry, validationFailed } from './http';

export interface Issues {
  add(path: string, code: string, detail: string): void;
  readonly count: number;
}

export const CHOICE = 'NotSupportedChoice';
export const CHOICE_DETAIL = 'The value you selected is not a valid choice.';

export class BatchValidation {
  private readonly entries: ValidationEntry[] = [];

  item(requestId: string): Issues {
    const errors: FieldIssue[] = [];
    this.entries.push({ request_id: requestId, errors });
    return {
      add: (path, code, detail) => void errors.push({ code, path, detail }),
      get count() {
        return errors.length;
      },
    };
  }

  /** Throws the documented 400 body when any item collected an issue. */
  throwIfAny(): void {
    const failed = this.entries.filter((e) => e.errors.length > 0);
    if (failed.length > 0) throw validationFailed(failed);
  }
}

/** A zod refinement that reports amoCRM's NotSupportedChoice. */
export const choiceIssue = { message: CHOICE_DETAIL, params: { code: CHOICE } };

export function requestIdOf(raw: unknown, index: number): string {
  if (raw && typeof raw === 'object' && 'request_id' in raw) {
    const id = raw.request_id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return String(index);
}

/** Maps zod issues onto amoCRM's {code, path, detail}; paths are dot-joined like "custom_fields_values.0.field_id". */
export function reportZodIssues(error: z.ZodError, issues: Issues, prefix = ''): void {
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'invalid_type') {
      issues.add(path, 'InvalidType', `This value should be of type ${issue.expected}.`);
    } else if (issue.code === 'custom' && typeof issue.params?.code === 'string') {
      issues.add(path, issue.params.code, issue.message);
    } else {
      issues.add(path, 'InvalidValue', issue.message);
    }
  }
}

export function parseOrReport<T>(schema: z.ZodType<T>, raw: unknown, issues: Issues, prefix = ''): T | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  reportZodIssues(result.error, issues, prefix);
  return undefined;
}
