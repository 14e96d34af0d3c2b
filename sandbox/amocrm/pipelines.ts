// Lookups over the (read-only) seeded pipelines.
import { type PipelineDef, SEED_PIPELINES, type StatusDef } from './seed';

export function allPipelines(): PipelineDef[] {
  return SEED_PIPELINES;
}

export function pipelineById(id: number): PipelineDef | undefined {
  return SEED_PIPELINES.find((p) => p.id === id);
}

export function mainPipeline(): PipelineDef {
  return SEED_PIPELINES.find((p) => p.is_main) ?? SEED_PIPELINES[0]!;
}

export function statusIn(pipeline: PipelineDef, statusId: number): StatusDef | undefined {
  return pipeline.statuses.find((s) => s.id === statusId);
}

/** The stage a lead lands in when none is given: the first regular (non-unsorted) stage. */
export function firstStage(pipeline: PipelineDef): StatusDef {
  return [...pipeline.statuses].sort((a, b) => a.sort - b.sort).find((s) => s.type === 0)!;
}

export function statusByName(pipeline: PipelineDef, name: string): StatusDef | undefined {
  const wanted = name.trim().toLowerCase();
  return pipeline.statuses.find((s) => s.name.toLowerCase() === wanted);
}

/** Pipeline owning a status id, for writes that send status_id without pipeline_id. */
export function pipelineOfStatus(statusId: number, preferred: PipelineDef): PipelineDef | undefined {
  if (statusIn(preferred, statusId)) return preferred;
  return SEED_PIPELINES.find((p) => statusIn(p, statusId));
}
