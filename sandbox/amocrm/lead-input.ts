// Shape of a lead in write bodies, and resolution of (pipeline_id, status_id) pairs.
import * as z from 'zod';
import { type Lead, LOST_STATUS_ID, WON_STATUS_ID } from './models';
import { firstStage, pipelineById, pipelineOfStatus, statusIn } from './pipelines';
import type { PipelineDef, StatusDef } from './seed';
import { CHOICE, CHOICE_DETAIL, type Issues } from './validation';

const int = z.number().int();
const stamp = int.min(0);

export const LeadInput = z.object({
  id: int.positive().optional(),
  name: z.string().optional(),
  price: int.min(0).optional(),
  status_id: int.optional(),
  pipeline_id: int.optional(),
  responsible_user_id: int.optional(),
  created_by: int.optional(),
  updated_by: int.optional(),
  created_at: stamp.optional(),
  updated_at: stamp.optional(),
  closed_at: stamp.nullable().optional(),
  loss_reason_id: int.nullable().optional(),
  request_id: z.union([z.string(), z.number()]).optional(),
  custom_fields_values: z.unknown().optional(),
  tags_to_add: z.unknown().optional(),
  tags_to_delete: z.unknown().optional(),
  _embedded: z
    .object({ tags: z.unknown().optional(), contacts: z.unknown().optional(), companies: z.unknown().optional() })
    .optional(),
});
export type LeadInput = z.infer<typeof LeadInput>;

export interface Stage {
  pipeline: PipelineDef;
  status: StatusDef;
}

/**
 * Where a lead ends up. Without pipeline_id, a status id is looked up in the current pipeline first
 * (142/143 exist in every pipeline) and then in the others; real amoCRM's behaviour here is
 * UNCONFIRMED (doc §5.3), status ids other than 142/143 are unique per account so this is unambiguous.
 */
export function resolveStage(input: LeadInput, current: Stage, issues: Issues): Stage | undefined {
  let pipeline = current.pipeline;
  if (input.pipeline_id !== undefined) {
    const byId = pipelineById(input.pipeline_id);
    if (!byId) return void issues.add('pipeline_id', CHOICE, CHOICE_DETAIL);
    pipeline = byId;
  } else if (input.status_id !== undefined) {
    pipeline = pipelineOfStatus(input.status_id, current.pipeline) ?? current.pipeline;
  }
  let status: StatusDef | undefined;
  if (input.status_id !== undefined) status = statusIn(pipeline, input.status_id);
  else status = pipeline === current.pipeline ? current.status : firstStage(pipeline);
  // Unsorted (type 1) is reachable only through the unsorted API, not by a lead write.
  if (!status || status.type === 1) return void issues.add('status_id', CHOICE, CHOICE_DETAIL);
  return { pipeline, status };
}

export const isClosed = (statusId: number) => statusId === WON_STATUS_ID || statusId === LOST_STATUS_ID;

/** loss_reason_id is accepted only together with a move to (or a stay in) 143. */
export function lossReason(input: LeadInput, statusId: number, previous: number | null, issues: Issues): number | null {
  if (input.loss_reason_id !== undefined && input.loss_reason_id !== null && statusId !== LOST_STATUS_ID) {
    issues.add('loss_reason_id', CHOICE, 'loss_reason_id can be set only with status_id 143.');
  }
  if (statusId !== LOST_STATUS_ID) return null;
  return input.loss_reason_id !== undefined ? input.loss_reason_id : previous;
}

export function closedAt(next: { status_id: number }, prev: Pick<Lead, 'status_id' | 'closed_at'> | undefined, now: number, given?: number | null): number | null {
  if (!isClosed(next.status_id)) return null;
  if (given !== undefined && given !== null) return given;
  return prev && isClosed(prev.status_id) ? prev.closed_at : now;
}
