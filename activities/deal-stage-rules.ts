import type { DealStageRules } from '../workflows/order/deal-contract';

export interface DealStageRuleDeps {
  /** Resolved once by the worker against amoCRM's pipeline (a stage name that does not exist stops it). */
  rules: () => Promise<DealStageRules>;
}

/** Stage 2's rules, handed to each order workflow by a local activity: recorded in its history, so replay sees the same. */
export function createDealStageRuleActivities({ rules }: DealStageRuleDeps) {
  return {
    dealStageRules(): Promise<DealStageRules> {
      return rules();
    },
  };
}

export type DealStageRuleActivities = ReturnType<typeof createDealStageRuleActivities>;
