import { condition, proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import type { Company1Activities } from '../../activities/company1';
import type { DealStageRuleActivities } from '../../activities/deal-stage-rules';
import { pathBetween, type OrderStatus } from '../../company1/order-status';
import { AmoDealStage, IntegrationStage } from '../../temporal/search-attributes';
import { amocrmActivityOptions, company1ActivityOptions, localCheckOptions } from '../activity-options';
import type { DealChange, DealProgress, DealStageRules } from './deal-contract';
import { impliedStatus, ruleOf } from './deal-rules';
import type { OrderRun } from './run';
import { enterPhase, noteOrder, record, unflag } from './state';

const SEEN_LIMIT = 100;
const STAGE_NOT_KNOWN_YET = 0;

/** Operator's switch of a stage-1 order in flight: from now on it is a stage-2 order. */
export function switchToStage2(run: OrderRun): void {
  run.state.stage = 2;
  upsertSearchAttributes([{ key: IntegrationStage, value: 2 }]);
  // "Not closed by Company 1 in time" no longer applies: Company 1 does not close stage-2 orders.
  unflag(run.state);
  record(run.state, 'now a stage-2 order: waiting for Company 1 to close it no more');
}

/**
 * Stage 2: from the write-back on, the deal's stages in amoCRM drive Company 1's order. Deal
 * changes arrive as signals (webhooks, the reconciliation) and are applied one at a time, each
 * at most once: a duplicate changes nothing, an older one never moves the status backwards,
 * and a jump walks Company 1's status through every step it skipped. Success and Refusal end it.
 */
export async function followDeal(run: OrderRun, leadId: number, options: { catchUp?: boolean } = {}): Promise<OrderStatus> {
  const { state } = run;
  state.deal ??= { seen: [] };
  enterPhase(state, 'following-deal', `amoCRM deal ${leadId} drives Company 1's order`);
  const rules = await proxyLocalActivities<DealStageRuleActivities>({ ...localCheckOptions, summary: 'Stage 2 rules' }).dealStageRules();
  // A switched order first catches up with the deal as it is now: a change with no modification
  // time is completed by reading the deal (its stage is not known until then).
  if (options.catchUp) run.dealInbox.unshift({ leadId, statusId: STAGE_NOT_KNOWN_YET, source: 'reconciliation' });
  for (;;) {
    await run.continueAsNewIfSuggested();
    await condition(() => run.dealInbox.length > 0);
    const ended = await applyDealChange(run, rules, leadId, run.dealInbox[0]!);
    run.dealInbox.shift();
    if (ended) return ended;
  }
}

async function applyDealChange(run: OrderRun, rules: DealStageRules, leadId: number, received: DealChange): Promise<OrderStatus | undefined> {
  const { state } = run;
  const deal: DealProgress = state.deal!;
  if (received.leadId !== leadId) {
    record(state, `ignored a change of amoCRM deal ${received.leadId}: this order's deal is ${leadId}`);
    return undefined;
  }
  const change = await completed(run, received, rules);
  if (!change) return undefined;
  const key = `${change.statusId}@${change.modifiedAt ?? '?'}`;
  if (deal.seen.includes(key)) return undefined;
  if (deal.modifiedAt !== undefined && change.modifiedAt !== undefined && change.modifiedAt < deal.modifiedAt) {
    record(state, `ignored an older change of the deal (stage ${ruleOf(rules, change.statusId)?.stageName ?? change.statusId})`);
    return undefined;
  }
  deal.seen.push(key);
  if (deal.seen.length > SEEN_LIMIT) deal.seen.splice(0, deal.seen.length - SEEN_LIMIT);
  const rule = ruleOf(rules, change.statusId);
  Object.assign(deal, { statusId: change.statusId, stageName: rule?.stageName, modifiedAt: change.modifiedAt ?? deal.modifiedAt });
  // What the reconciliation compares with amoCRM (and operators filter on: AmoDealStage = "142").
  upsertSearchAttributes([{ key: AmoDealStage, value: String(change.statusId) }]);
  record(state, `deal moved to ${rule?.stageName ?? `stage ${change.statusId}`} (${change.source})`);
  if (!rule) return undefined;

  const target = impliedStatus(rules, change.statusId);
  if (target) await walkStatus(run, target);
  if (rule.cost && change.price !== undefined) await changeFields(run, { cost: change.price }, `cost ${change.price}`);
  if (rule.paid && deal.paid !== true) await changeFields(run, { paid: true }, 'paid');
  if (!rule.ends) return undefined;
  return (state.orderStatus as OrderStatus | undefined) ?? target;
}

/** A change that carried only ids (a Digital Pipeline hook): the deal as it is now fills in the rest. */
async function completed(run: OrderRun, change: DealChange, rules: DealStageRules): Promise<DealChange | undefined> {
  const needsPrice = ruleOf(rules, change.statusId)?.cost === true && change.price === undefined;
  if (change.modifiedAt !== undefined && !needsPrice) return change;
  const amo = proxyActivities<AmoActivities>({ ...amocrmActivityOptions(run.input.amocrmTaskQueue), summary: `Read amoCRM deal ${change.leadId}` });
  const now = await run.step('reading the deal from amoCRM', { everyMs: run.input.timings.blockedRecheckEveryMs }, () => amo.readDealStage(change.leadId));
  if (!now) {
    record(run.state, `amoCRM has no deal ${change.leadId} any more; the change is ignored`);
    return undefined;
  }
  return { ...change, statusId: now.statusId, pipelineId: now.pipelineId, price: now.price, modifiedAt: now.modifiedAt };
}

/** Company 1's status, one step at a time towards `target`, never backwards; a step someone else made counts. */
async function walkStatus(run: OrderRun, target: OrderStatus): Promise<void> {
  const { state } = run;
  const company1 = proxyActivities<Company1Activities>({ ...company1ActivityOptions, summary: `Move Company 1's order towards ${target}` });
  for (let steps = 0; steps < 8; steps += 1) {
    const current = (state.orderStatus ?? 'on_approval') as OrderStatus;
    const next = pathBetween(current, target)?.[0];
    if (!next) return;
    const moved = await run.step(`moving Company 1's order from ${current} to ${next}`, { everyMs: run.input.timings.blockedRecheckEveryMs }, () =>
      company1.moveOrderStatus({ orderId: state.orderId, from: current, to: next }),
    );
    noteOrder(state, { status: moved.status });
    record(state, moved.moved ? `Company 1's order: ${current} → ${next}` : `Company 1's order was already ${moved.status}`);
  }
}

async function changeFields(run: OrderRun, change: { cost?: number; paid?: boolean }, what: string): Promise<void> {
  const { state } = run;
  const deal = state.deal!;
  if (change.cost !== undefined && deal.cost === change.cost) return;
  const company1 = proxyActivities<Company1Activities>({ ...company1ActivityOptions, summary: `Send ${what} to Company 1` });
  const after = await run.step(`sending ${what} to Company 1`, { everyMs: run.input.timings.blockedRecheckEveryMs }, () =>
    company1.changeOrderFields({ orderId: state.orderId, ...change }),
  );
  if (change.cost !== undefined) deal.cost = change.cost;
  if (change.paid) deal.paid = true;
  noteOrder(state, { status: after.status });
  record(state, `Company 1's order: ${what}`);
}
