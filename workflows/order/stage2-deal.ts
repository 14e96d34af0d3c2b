import { condition, proxyActivities, proxyLocalActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import type { Company1Activities } from '../../activities/company1';
import type { DealStageRuleActivities } from '../../activities/deal-stage-rules';
import { pathBetween, type OrderStatus } from '../../company1/order-status';
import { AmoDealStage, IntegrationStage } from '../../temporal/search-attributes';
import { amocrmActivityOptions, company1ActivityOptions, localCheckOptions } from '../activity-options';
import type { DealChange, DealProgress, DealStageRules, SubscriptionStatus } from './deal-contract';
import { impliedStatus, ruleOf } from './deal-rules';
import { sameSubscription, type SubscriptionFromDeal, subscriptionStatus } from './subscription';
import { customerCancelMove } from './customer-cancel';
import type { OrderRun } from './run';
import { enterPhase, milestone, noteOrder, record, unflag } from './state';

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
    // A customer's cancel (stage 3, a signal no earlier release knew) comes after the changes received before
    // it; its move of the deal is queued like any change, so continue-as-new carries it until it is applied.
    await condition(() => run.dealInbox.length > 0 || run.operator.customerCancel !== undefined);
    if (run.dealInbox.length === 0) {
      const move = await customerCancelMove(run, rules, leadId);
      if (move) run.dealInbox.push(move);
      continue;
    }
    const ended = await applyDealChange(run, rules, leadId, run.dealInbox[0]!);
    run.dealInbox.shift();
    if (ended) return finish(run, ended);
  }
}

/** The order ends: a cancel that came too late says why. */
function finish(run: OrderRun, ended: OrderStatus): OrderStatus {
  const cancel = run.state.cancel;
  if (cancel && !cancel.outcome) {
    Object.assign(cancel, { outcome: ended === 'rejected' ? 'cancelled' : 'refused', ...(ended === 'rejected' ? {} : { reason: `the order is ${ended} already` }) });
  }
  return ended;
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
  const rule = ruleOf(rules, change.statusId);
  // A run that continued as new while this change's actions were under way (a step waiting to be retried)
  // finishes them: the change is marked seen already, and its bookkeeping is done.
  const resuming = deal.applying === key;
  if (resuming) {
    record(state, `finishing the move to ${rule?.stageName ?? `stage ${change.statusId}`} begun by an earlier run`);
  } else {
    if (deal.seen.includes(key)) return undefined;
    // The workflow's own move (a customer's cancel) is the newest by definition, whatever amoCRM's clock says.
    if (change.source !== 'customer' && deal.modifiedAt !== undefined && change.modifiedAt !== undefined && change.modifiedAt < deal.modifiedAt) {
      record(state, `ignored an older change of the deal (stage ${rule?.stageName ?? change.statusId})`);
      return undefined;
    }
    deal.seen.push(key);
    if (deal.seen.length > SEEN_LIMIT) deal.seen.splice(0, deal.seen.length - SEEN_LIMIT);
    const entered = deal.statusId !== change.statusId;
    Object.assign(deal, { statusId: change.statusId, stageName: rule?.stageName, modifiedAt: change.modifiedAt ?? deal.modifiedAt });
    // What the reconciliation compares with amoCRM (and operators filter on: AmoDealStage = "142").
    upsertSearchAttributes([{ key: AmoDealStage, value: String(change.statusId) }]);
    record(state, `deal moved to ${rule?.stageName ?? `stage ${change.statusId}`} (${change.source})`);
    if (!rule) return undefined;
    // Bookkeeping before any step (no commands): a step that waits may continue the order as new.
    // A change within the stage (a price edit) is not another lesson: only a move into it is.
    if (rule.lessonPassed && entered) deal.lessonsPassed = (deal.lessonsPassed ?? 0) + 1;
    if (rule.paid) deal.paidAt ??= change.modifiedAt;
    deal.applying = key;
  }
  if (!rule) {
    deal.applying = undefined;
    return undefined;
  }

  const target = impliedStatus(rules, change.statusId);
  if (target) await walkStatus(run, target);
  const fields: FieldsChange = {};
  if (rule.cost && change.price !== undefined && deal.cost !== change.price) fields.cost = change.price;
  if (rule.paid && deal.paid !== true) fields.paid = true;
  if (rule.subscription) {
    const subscription = await subscriptionNow(run, rules, leadId, change.modifiedAt);
    if (subscription && !sameSubscription(subscription, deal.subscription)) fields.subscription = subscription;
  }
  if (Object.keys(fields).length > 0) await changeFields(run, fields);
  deal.applying = undefined;
  showDeal(run, leadId);
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

interface FieldsChange {
  cost?: number;
  paid?: boolean;
  subscription?: SubscriptionStatus;
}

const describeFields = (c: FieldsChange): string =>
  [
    c.cost === undefined ? undefined : `cost ${c.cost}`,
    c.paid ? 'paid' : undefined,
    c.subscription ? `subscription ${c.subscription.state}, ${c.subscription.lessonsUsed} of ${c.subscription.lessonsTotal} lessons used, valid until ${c.subscription.validUntil ?? 'open'}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join('; ');

/**
 * The subscription status as of this change: the package of the order's service, the deal's
 * payment and lessons, and (where Company 2 keeps them) the deal's own fields, read now.
 */
async function subscriptionNow(run: OrderRun, rules: DealStageRules, leadId: number, at: number | undefined): Promise<SubscriptionStatus | undefined> {
  const { state } = run;
  const deal = state.deal!;
  const config = rules.subscription;
  const serviceId = run.order?.service.id;
  const pkg = serviceId === undefined ? undefined : config?.packages[serviceId];
  const ids = config?.dealFields;
  let fromDeal: SubscriptionFromDeal = {};
  if (ids && (ids.lessonsTotal !== null || ids.lessonsUsed !== null || ids.validUntil !== null)) {
    const amo = proxyActivities<AmoActivities>({ ...amocrmActivityOptions(run.input.amocrmTaskQueue), summary: `Read the subscription fields of amoCRM deal ${leadId}` });
    const read = await run.step("reading the subscription from the deal's fields", { everyMs: run.input.timings.blockedRecheckEveryMs }, () =>
      amo.readDealSubscriptionFields({ leadId, fields: ids }),
    );
    for (const problem of read?.problems ?? []) record(state, `deal ${leadId}: ${problem}; the package's value is used`);
    fromDeal = read?.values ?? {};
  }
  const subscription = subscriptionStatus({ pkg, paidAt: deal.paidAt, lessonsPassed: deal.lessonsPassed ?? 0, at, fromDeal });
  if (!subscription) record(state, `no subscription status: service ${serviceId ?? '?'} is not sold as lessons (config/services.json) and the deal does not say`);
  return subscription;
}

async function changeFields(run: OrderRun, change: FieldsChange): Promise<void> {
  const { state } = run;
  const deal = state.deal!;
  const what = describeFields(change);
  const company1 = proxyActivities<Company1Activities>({ ...company1ActivityOptions, summary: `Send ${what} to Company 1` });
  const after = await run.step(`sending ${what} to Company 1`, { everyMs: run.input.timings.blockedRecheckEveryMs }, () =>
    company1.changeOrderFields({ orderId: state.orderId, ...change }),
  );
  if (change.cost !== undefined) {
    deal.cost = change.cost;
    milestone(state, 'cost');
  }
  if (change.paid) {
    deal.paid = true;
    milestone(state, 'paid');
  }
  if (change.subscription) {
    if (change.subscription.lessonsUsed !== deal.subscription?.lessonsUsed && change.subscription.lessonsUsed > 0) milestone(state, 'lesson');
    deal.subscription = change.subscription;
  }
  noteOrder(state, { status: after.status });
  record(state, `Company 1's order: ${what}`);
}

/** The Web UI's current details of a stage-2 order: where its deal is, what Company 1 was sent, the latest events. */
function showDeal(run: OrderRun, leadId: number): void {
  const { state } = run;
  if (state.needsAttention) return; // the reason stays in view until it is resolved
  const deal = state.deal!;
  const sub = deal.subscription;
  const lines = [
    `**following-deal** — amoCRM deal ${leadId} at **${deal.stageName ?? `stage ${deal.statusId ?? '?'}`}**`,
    `Company 1: status ${state.orderStatus ?? '?'}, cost ${deal.cost ?? '—'}, paid ${deal.paid === true ? 'yes' : 'no'}` +
      (sub ? `, subscription ${sub.state} (${sub.lessonsUsed}/${sub.lessonsTotal} lessons, until ${sub.validUntil ?? '—'})` : ''),
    '',
    ...state.history.slice(-6).map((h) => `- ${h.at}: ${h.event}`),
  ];
  setCurrentDetails(lines.join('\n'));
}
