// Batch bodies: must be a JSON array of at most `max` items, validated as a whole.
import { badRequest } from './http';
import { BatchValidation, type Issues, requestIdOf } from './validation';

export const MAX_BATCH = 250;

export function readBatch(body: unknown, max: number): unknown[] {
  if (!Array.isArray(body)) {
    throw badRequest('Request body must be a JSON array of entities.', errorsAt('', 'InvalidType', 'This value should be of type array.'));
  }
  if (body.length === 0) throw badRequest('Request body must not be empty.', errorsAt('', 'NotBlank', 'This collection should contain 1 element or more.'));
  // What amoCRM answers above the cap is not documented; a 400 naming the cap is our choice.
  if (body.length > max) {
    throw badRequest(`Too many entities in one request: ${body.length}, at most ${max} allowed.`, errorsAt('', 'TooMany', `This collection should contain ${max} elements or less.`));
  }
  return body;
}

const errorsAt = (path: string, code: string, detail: string) => ({ 'validation-errors': [{ request_id: '0', errors: [{ code, path, detail }] }] });

export interface PlannedBatch<C> {
  commits: C[];
  requestIds: string[];
}

/** Plans every item; throws the 400 validation body (and writes nothing) if any item failed. */
export function planBatch<C>(items: unknown[], plan: (raw: unknown, issues: Issues) => C | undefined): PlannedBatch<C> {
  const validation = new BatchValidation();
  const requestIds = items.map((raw, i) => requestIdOf(raw, i));
  const planned = items.map((raw, i) => plan(raw, validation.item(requestIds[i]!)));
  validation.throwIfAny();
  return { commits: planned as C[], requestIds };
}

/** Single-entity PATCH bodies are one JSON object, not an array. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Request body must be a JSON object.', errorsAt('', 'InvalidType', 'This value should be of type object.'));
  }
  return body as Record<string, unknown>;
}
