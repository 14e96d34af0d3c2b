import type { ResolvedPipeline } from '../amocrm/pipelines';
import type { OrderStatus } from '../company1/order-status';
import type { Stage2Rules, SubscriptionDealFields } from './stage2-rules';

/** amoCRM's system stages: the same ids in every pipeline; their names are the account's own. */
const SYSTEM_STAGES: Readonly<Record<number, string>> = { 142: 'Success', 143: 'Refusal' };

/** What a deal's move to one stage does to its Company 1 order. */
export interface Stage2StageRule {
  /** The stage's name in amoCRM, for the order's history. */
  stageName: string;
  /** Target status, reached through every skipped status; ignored when behind the order's status. */
  status?: OrderStatus;
  /** Send the deal's price as the order's cost. */
  cost?: 'deal-price';
  paid?: true;
  /** Send the subscription status. */
  subscription?: 'update';
  /** One more lesson of the package used. */
  lessonPassed?: true;
  /** Every listed stage is recorded in the order's history (alone, when it has no action). */
  record: true;
  /** The order's workflow ends at this stage. */
  ends: boolean;
}

/**
 * The table keyed by amoCRM status id, plain data (it travels in workflow inputs): a deal moving
 * to a status with no entry changes nothing on the order.
 */
export interface ResolvedStage2Rules {
  pipelineId: number;
  byStatusId: Record<number, Stage2StageRule>;
  subscriptionFields: SubscriptionDealFields;
}

/**
 * Resolves stage names against the pipeline at boot. A stage the pipeline does not have, by name or
 * id, throws (naming it and listing the pipeline's stages): the worker must not start with it.
 */
export function resolveStage2Rules(rules: Stage2Rules, pipeline: ResolvedPipeline, pipelineName?: string): ResolvedStage2Rules {
  const nameOf = new Map(Object.entries(pipeline.stages).map(([name, id]) => [id, name]));
  const where = new Map<number, number>();
  const byStatusId: Record<number, Stage2StageRule> = {};
  rules.stages.forEach(({ stage, $comment: _comment, ...actions }, i) => {
    const fail = (problem: string) => {
      const have = Object.entries(pipeline.stages).map(([name, id]) => `${name} (${id})`);
      const which = pipelineName === undefined ? `pipeline ${pipeline.pipelineId}` : `pipeline "${pipelineName}" (${pipeline.pipelineId})`;
      return new Error(`STAGE2_RULES_FILE: stages.${i}.stage: ${which} ${problem}; its stages are: ${have.join(', ')}`);
    };
    const statusId = typeof stage === 'number' ? stage : pipeline.stages[stage];
    const stageName = typeof stage === 'string' ? stage : (nameOf.get(stage) ?? SYSTEM_STAGES[stage]);
    if (statusId === undefined) throw fail(`has no stage "${stage}"`);
    if (stageName === undefined) throw fail(`has no status id ${stage}`);
    const earlier = where.get(statusId);
    if (earlier !== undefined) throw new Error(`STAGE2_RULES_FILE: stages.${i}.stage: "${stageName}" is status ${statusId}, already given by stages.${earlier}`);
    where.set(statusId, i);
    byStatusId[statusId] = { stageName, ...actions, record: true };
  });
  return { pipelineId: pipeline.pipelineId, byStatusId, subscriptionFields: rules.subscription.dealFields };
}
