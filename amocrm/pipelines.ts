import { type AmoContext } from './context';
import { AmoError } from './errors';
import { pipelines } from './schemas/pipelines';

export interface ResolvedPipeline {
  pipelineId: number;
  /** Stage name → status id, including the system stages (142 won, 143 lost, unsorted). */
  stages: Record<string, number>;
}

export interface PipelineOverrides {
  pipelineId?: number;
  stages?: Record<string, number>;
}

// Names are what operators configure; ids differ per account. Ids given in config win, so a
// renamed stage in amoCRM can be pinned without a code change.
export async function resolvePipeline(ctx: AmoContext, name: string, overrides: PipelineOverrides = {}): Promise<ResolvedPipeline> {
  const request = 'GET /api/v4/leads/pipelines';
  const body = await ctx.api.request({ method: 'GET', path: '/api/v4/leads/pipelines', schema: pipelines });
  const all = body?._embedded.pipelines ?? [];
  const pipeline =
    overrides.pipelineId === undefined ? all.find((p) => p.name === name) : all.find((p) => p.id === overrides.pipelineId);
  if (!pipeline && overrides.pipelineId === undefined) {
    throw new AmoError('not-found', `no pipeline named "${name}" (have: ${all.map((p) => p.name).join(', ')})`, { request });
  }
  if (!pipeline) ctx.logger.warn('configured amoCRM pipeline id not found; using configured stage ids only', { pipelineId: overrides.pipelineId });
  const stages = Object.fromEntries((pipeline?._embedded.statuses ?? []).map((s) => [s.name, s.id]));
  return { pipelineId: overrides.pipelineId ?? pipeline!.id, stages: { ...stages, ...overrides.stages } };
}
