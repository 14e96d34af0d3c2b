import type { OrderStatus } from '../../company1/order-status';
import type { DealStageRule, DealStageRules } from './deal-contract';

// Pure rules of stage 2, importable by workflow code (no I/O).

export const ruleOf = (rules: DealStageRules, statusId: number): DealStageRule | undefined => rules.byStatusId[String(statusId)];

/**
 * The Company 1 status a deal at this stage stands for: the stage's own, else that of the last
 * stage before it (in the pipeline) that sets one. A deal that jumped from "New lead" to
 * "Lesson passed" stands for `in_work`, the status of "Confirmed VU", which it skipped.
 */
export function impliedStatus(rules: DealStageRules, statusId: number): OrderStatus | undefined {
  const rule = ruleOf(rules, statusId);
  if (!rule) return undefined;
  if (rule.status) return rule.status;
  let before: DealStageRule | undefined;
  for (const r of Object.values(rules.byStatusId)) {
    if (r.status && r.position < rule.position && (!before || r.position > before.position)) before = r;
  }
  return before?.status;
}
