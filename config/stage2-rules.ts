import { resolve } from 'node:path';
import * as z from 'zod';
import { isFinal, ORDER_STATUSES } from '../company1/order-status';
import { loadJsonFile } from './json-file';

// Stage 2's table: what a deal's move to an amoCRM stage does to its Company 1 order. One JSON file
// (STAGE2_RULES_FILE, default config/stage2-rules.json), validated here and resolved against the
// pipeline at boot (stage2-rules-resolve.ts). How the workflow applies a `status`: it walks the order
// through every status it skipped (pathBetween in company1/order-status.ts); a target behind the
// current status (no path) is ignored, so an order's status never moves backwards.

const comment = z.union([z.string(), z.array(z.string())]).optional();

const Stage2Rule = z
  .strictObject({
    /** A stage name of the pipeline, or a status id (142 Success/won and 143 Refusal/lost are in every pipeline). */
    stage: z.union([z.string().trim().min(1, 'expected a stage name, got an empty one'), z.number().int().positive()], {
      error: 'expected a stage name (text) or a status id (a positive whole number)',
    }),
    status: z.enum(ORDER_STATUSES, { error: (issue) => `expected one of ${ORDER_STATUSES.join(', ')}, got ${JSON.stringify(issue.input)}` }).optional(),
    cost: z.literal('deal-price', { error: `expected "deal-price" (the deal's price is the order's cost)` }).optional(),
    paid: z.literal(true, { error: 'expected true (leave it out to leave the order unpaid)' }).optional(),
    subscription: z.literal('update', { error: 'expected "update" (send the subscription status)' }).optional(),
    /** Each move of the deal into this stage is one more lesson of the package used. */
    lessonPassed: z.literal(true, { error: 'expected true (leave it out if the stage uses no lesson)' }).optional(),
    /** The order's workflow ends at this stage (Success and Refusal). */
    ends: z.boolean({ error: 'expected true or false' }).default(false),
    $comment: comment,
  })
  .superRefine((rule, ctx) => {
    if (rule.status && isFinal(rule.status) && !rule.ends) {
      ctx.addIssue({ code: 'custom', path: ['ends'], message: `status ${rule.status} is final, so the stage ends the order: set "ends": true` });
    }
  });

const fieldId = z.int('expected an amoCRM custom field id (a whole number)').positive('expected an amoCRM custom field id').nullable().default(null);

/** Deal custom fields where Company 2 keeps the subscription; a value found there wins over the package's. */
const SubscriptionFields = z.strictObject({
  $comment: comment,
  dealFields: z
    .strictObject({
      /** Lessons in the package (a number field). */
      lessonsTotal: fieldId,
      /** Lessons used so far (a number field). */
      lessonsUsed: fieldId,
      /** Valid until (a date field: unix seconds, or an ISO date). */
      validUntil: fieldId,
    })
    .prefault({}),
});

const Stage2RulesFile = z.strictObject({
  $comment: comment,
  subscription: SubscriptionFields.prefault({}),
  stages: z
    .array(Stage2Rule)
    .min(1, 'the table lists no stage')
    .superRefine((rules, ctx) => {
      const first = new Map<string | number, number>();
      rules.forEach((rule, i) => {
        const earlier = first.get(rule.stage);
        if (earlier === undefined) first.set(rule.stage, i);
        else ctx.addIssue({ code: 'custom', path: [i, 'stage'], message: `duplicate stage ${JSON.stringify(rule.stage)} (also stages.${earlier})` });
      });
    }),
});

export type Stage2Rule = z.infer<typeof Stage2Rule>;
export type Stage2Rules = z.infer<typeof Stage2RulesFile>;
export type SubscriptionDealFields = Stage2Rules['subscription']['dealFields'];

export const DEFAULT_STAGE2_RULES_FILE = resolve(__dirname, 'stage2-rules.json');

export function loadStage2Rules(file = DEFAULT_STAGE2_RULES_FILE): Stage2Rules {
  return loadJsonFile('STAGE2_RULES_FILE', file, Stage2RulesFile);
}

export { resolveStage2Rules, type ResolvedStage2Rules, type Stage2StageRule } from './stage2-rules-resolve';
