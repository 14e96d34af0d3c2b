import type { AmoClient, ResolvedPipeline } from '../amocrm';
import type { Config } from '../config';
import { DEFAULT_STAGE2_RULES_FILE, loadStage2Rules, type ResolvedStage2Rules, resolveStage2Rules } from '../config/stage2-rules';
import type { ServiceCatalog } from '../config/services';
import type { DealStageRules, LessonPackage } from '../workflows/order/deal-contract';
import { serviceCatalogFrom } from './clients';

const SYSTEM_STAGES_LAST = new Set([142, 143]);

/**
 * The workflow's view of the resolved table: each stage of the pipeline with its position (amoCRM
 * lists stages in pipeline order; Success and Refusal come last), so a deal that skips stages can
 * be walked through the statuses of the stages it skipped.
 */
export function dealStageRulesOf(resolved: ResolvedStage2Rules, pipeline: ResolvedPipeline, services: ServiceCatalog): DealStageRules {
  const order = Object.values(pipeline.stages).filter((id) => !SYSTEM_STAGES_LAST.has(id));
  const position = (statusId: number) => (SYSTEM_STAGES_LAST.has(statusId) ? 10_000 + statusId : order.indexOf(statusId));
  const byStatusId: DealStageRules['byStatusId'] = {};
  // Every stage of the pipeline has an entry, for its name and position in the order's history.
  for (const [stageName, id] of Object.entries(pipeline.stages)) byStatusId[String(id)] = { stageName, position: position(id) };
  for (const [id, rule] of Object.entries(resolved.byStatusId)) {
    byStatusId[id] = {
      stageName: rule.stageName,
      position: position(Number(id)),
      ...(rule.status ? { status: rule.status } : {}),
      ...(rule.cost ? { cost: true } : {}),
      ...(rule.paid ? { paid: true } : {}),
      ...(rule.subscription ? { subscription: true } : {}),
      ...(rule.lessonPassed ? { lessonPassed: true } : {}),
      ...(rule.ends ? { ends: true } : {}),
    };
  }
  const packages: Record<string, LessonPackage> = {};
  for (const s of services) if (s.lessons !== undefined && s.validityDays !== undefined) packages[s.id] = { lessons: s.lessons, validityDays: s.validityDays };
  return { pipelineId: resolved.pipelineId, byStatusId, subscription: { packages, dealFields: resolved.subscriptionFields } };
}

/**
 * Stage 2's rules, resolved against amoCRM's pipeline on first use and kept. A stage name the
 * pipeline does not have is a configuration error (thrown as is: the worker stops on it); an
 * amoCRM outage is tried again on the next use.
 */
export function lazyDealStageRules(amo: AmoClient, config: Config): () => Promise<DealStageRules> {
  const table = loadStage2Rules(config.stage2RulesFile ?? DEFAULT_STAGE2_RULES_FILE);
  const services = serviceCatalogFrom(config);
  let pending: Promise<DealStageRules> | undefined;
  return () => {
    pending ??= (async () => {
      const p = config.amocrm.pipeline;
      const pipeline = await amo.resolvePipeline(p.name, { pipelineId: p.id, stages: p.stageIds });
      return dealStageRulesOf(resolveStage2Rules(table, pipeline, p.name), pipeline, services);
    })().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
