// The states where stage-2 orders (and the workflows around them) sit when a deploy meets them,
// produced by a release that runs stage 2, with its worker and webhook service restarted in
// stage 2 and amoCRM's webhooks subscribed. Stage 2 orders live for weeks: every one of these
// states will meet a deploy.
import { randomUUID } from 'node:crypto';
import type { Recording } from './recording';

const SUBSCRIPTION = { id: 'c2-subscription-4', name: 'Subscription, 4 lessons' };

const order = (service = SUBSCRIPTION) => ({
  userId: `rec2-${randomUUID().slice(0, 8)}`,
  customer: { firstName: 'Boris', lastName: 'Orlov', phone: '+79990002233' },
  service,
  cost: 4900,
});

/**
 * The recorder's server suggests continue-as-new at 40 events, and a stage-2 order's moves make many: the run
 * that ended by continuing as new holds the commands of the state, so it is kept too.
 */
export async function saveOrder(r: Recording, name: string, state: string, orderId: string): Promise<void> {
  await r.save(name, state, `order-${orderId}`);
  const earlier = (await r.runs(`order-${orderId}`)).filter((run) => run.status === 'CONTINUED_AS_NEW').at(-1);
  if (earlier) await r.save(`${name}-earlier-run`, `${state} (the run before its continue-as-new)`, `order-${orderId}`, earlier.runId);
}

interface DealView {
  stageName?: string;
  paid?: boolean;
  subscription?: { lessonsUsed: number };
}

async function dealOf(r: Recording, orderId: string): Promise<DealView | undefined> {
  return (await r.client.workflow.getHandle(`order-${orderId}`).query<{ deal?: DealView }>('state')).deal;
}

async function movedTo(r: Recording, orderId: string, dealId: number, stage: string, done: (d: DealView) => boolean = (d) => d.stageName === stage): Promise<void> {
  await r.amoAdmin.moveDeal(dealId, stage);
  await r.until(`order ${orderId} at ${stage}`, async () => {
    const d = await dealOf(r, orderId);
    return d && done(d) ? true : undefined;
  });
}

/** A stage-2 order from its notification to its deal's stages: following, paid with a subscription, executed. */
async function followedOrders(r: Recording): Promise<void> {
  const walking = await r.company1Admin.createOrder(order());
  const paying = await r.company1Admin.createOrder(order());
  const refused = await r.company1Admin.createOrder(order());
  const dealIds = await Promise.all([walking, paying, refused].map(async (o) => (await r.orderIn(o.id, 'following-deal')).dealId!));
  await saveOrder(r, 'order-stage2-following-deal', 'stage 2: contact and deal created, ids written back, waiting for the deal to move (no timer)', walking.id);

  await movedTo(r, walking.id, dealIds[0]!, 'Confirmed VU');
  await saveOrder(r, 'order-stage2-status-walked', 'stage 2: a jump to Confirmed VU walked Company 1 through approved and in_work; waiting for the next move', walking.id);

  await movedTo(r, paying.id, dealIds[1]!, 'Waiting for payment');
  await movedTo(r, paying.id, dealIds[1]!, 'Payment received', (d) => d.paid === true);
  await movedTo(r, paying.id, dealIds[1]!, 'Another lesson passed', (d) => d.subscription?.lessonsUsed === 1);
  await saveOrder(r, 'order-stage2-subscription-active', 'stage 2: cost sent, paid with the subscription status, one lesson used; waiting for more lessons', paying.id);
  await r.amoAdmin.moveDeal(dealIds[1]!, 'Success');
  await r.closed(`order-${paying.id}`);
  await saveOrder(r, 'order-stage2-executed', 'stage 2: Success closed the order as executed; completed', paying.id);

  await r.amoAdmin.moveDeal(dealIds[2]!, 'Refusal');
  await r.closed(`order-${refused.id}`);
  await saveOrder(r, 'order-stage2-rejected', 'stage 2: Refusal rejected the order; completed', refused.id);
}

/** Company 1 rejected the order itself; the payment it then refuses (422) waits for an operator. */
async function refusedByCompany1(r: Recording): Promise<void> {
  const o = await r.company1Admin.createOrder(order());
  const { dealId } = await r.orderIn(o.id, 'following-deal');
  await r.company1.moveOrderStatus(o.id, 'on_approval', 'rejected');
  await r.amoAdmin.moveDeal(dealId!, 'Payment received');
  await r.until(`order ${o.id} flagged`, async () => {
    const s = await r.orderState(o.id);
    return s.needsAttention ? s : undefined;
  });
  await saveOrder(r, 'order-stage2-waiting-for-a-fix', "stage 2: Company 1 refused the payment (422, order rejected on its side): flagged, waiting for an operator's retry", o.id);
}

/** A Digital Pipeline hook names no order: the deal's router finds it and forwards the change. */
async function routedChange(r: Recording, hookUrl: string): Promise<void> {
  const o = await r.company1Admin.createOrder(order());
  const { dealId } = await r.orderIn(o.id, 'following-deal');
  const pipelines = (await (await fetch(`${r.amoUrl}/api/v4/leads/pipelines`, { headers: { authorization: `Bearer ${r.amoToken}` } })).json()) as {
    _embedded: { pipelines: { id: number; name: string; _embedded: { statuses: { id: number; name: string }[] } }[] };
  };
  const ours = pipelines._embedded.pipelines.find((p) => p.name === 'Company 2')!;
  const recorded = ours._embedded.statuses.find((s) => s.name === 'Recorded for trial')!;
  const body = new URLSearchParams({
    'leads[status][0][id]': String(dealId),
    'leads[status][0][status_id]': String(recorded.id),
    'leads[status][0][pipeline_id]': String(ours.id),
    'account[id]': '1',
  }).toString();
  const res = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  if (!res.ok) throw new Error(`the Digital Pipeline hook was refused: ${res.status} ${await res.text()}`);
  await r.until('the routed change applied', async () => ((await dealOf(r, o.id))?.stageName !== undefined ? true : undefined));
  await r.save('deal-router-forwarded', "stage 2: a Digital Pipeline hook's deal router found the order by AmoLeadId and forwarded the change; waiting for more", `amocrm-deal-${dealId}`);
}

/** A stage-1 order waiting for Company 1's close when the operator switches to stage 2. */
async function switchedOrder(r: Recording, waitingOrderId: string, dealId: number): Promise<void> {
  await r.amoAdmin.moveDeal(dealId, 'Recorded for trial');
  r.ordersCli('switch-stage', '2');
  await r.until('the switched order to catch up', async () => ((await dealOf(r, waitingOrderId))?.stageName === 'Recorded for trial' ? true : undefined));
  await saveOrder(r, 'order-switched-to-stage2', 'a stage-1 order waiting for the close, switched by `orders switch-stage 2`: caught up with its deal, following it', waitingOrderId);
}

async function reconciliationRun(r: Recording): Promise<void> {
  const ids = await r.until('a finished reconciliation run', async () => {
    for await (const wf of r.client.workflow.list({ query: 'WorkflowType = "reconcileDealsWorkflow" AND ExecutionStatus = "Completed"' })) return { workflowId: wf.workflowId, runId: wf.runId };
    return undefined;
  });
  await r.save('reconciliation-completed', "stage 2: one run of the reconciliation schedule's workflow, completed", ids.workflowId, ids.runId);
}

/** Call with the release's worker and webhook service in stage 2 and the webhooks subscribed. */
export async function recordStage2(r: Recording, o: { hookUrl: string; waitingStage1Order: { orderId: string; dealId: number } }): Promise<void> {
  await Promise.all([followedOrders(r), refusedByCompany1(r), routedChange(r, o.hookUrl)]);
  await switchedOrder(r, o.waitingStage1Order.orderId, o.waitingStage1Order.dealId);
  await reconciliationRun(r);
}
