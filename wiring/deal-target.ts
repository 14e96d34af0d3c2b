import type { DealTarget } from '../activities/amocrm';
import type { AmoClient } from '../amocrm';
import type { Config } from '../config';

/**
 * Resolved on first use and kept; a failed resolution is tried again on the next use, so an
 * amoCRM outage at boot delays deals instead of stopping the worker.
 */
export function lazyDealTarget(amo: AmoClient, config: Config): () => Promise<DealTarget> {
  let pending: Promise<DealTarget> | undefined;
  return () => {
    pending ??= resolveDealTarget(amo, config).catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

/** Pipeline and first stage of new deals, by name unless ids are configured. */
export async function resolveDealTarget(amo: AmoClient, config: Config): Promise<DealTarget> {
  const p = config.amocrm.pipeline;
  const resolved = await amo.resolvePipeline(p.name, { pipelineId: p.id, stages: p.stageIds });
  const statusId = resolved.stages[config.amocrm.initialStage];
  if (statusId === undefined) {
    throw new Error(
      `AMOCRM_INITIAL_STAGE: pipeline "${p.name}" (${resolved.pipelineId}) has no stage "${config.amocrm.initialStage}"; ` +
        `its stages are: ${Object.keys(resolved.stages).join(', ')}`,
    );
  }
  return { pipelineId: resolved.pipelineId, statusId };
}
