import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { dealRouterWorkflow } from '../../workflows/deal-router/workflow';
import { dealRouterWorkflowId } from '../../workflows/ids';
import { type OrderState, stateQuery } from '../../workflows/order/contract';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { AMO_WEBHOOK_SECRET, SETUP_AMO_TOKEN, useStage1 } from '../support/stage1';
import { orderInPhase } from '../support/stage2';
import { eventually, resultWithin } from '../support/wait';

describe('stage 2: amoCRM deal stages drive Company 1’s order, through webhooks and signals', () => {
  // Company 1 in stage 2: no auto-close; the deal's progress edits the order.
  const env = useStage1({ integrationStage: 2, company1Stage: 2 });
  const hookUrl = (secret = AMO_WEBHOOK_SECRET) => `${env.s.webhookUrl}/amocrm/webhooks/${secret}`;
  const postForm = (body: string, secret?: string) => fetch(hookUrl(secret), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

  const followedOrder = () => orderInPhase(env, 'following-deal');
  const company1Order = (id: string) => env.s.company1Admin.order(id);
  const until = (what: string, handle: WorkflowHandle<typeof orderWorkflow>, ok: (s: OrderState) => boolean) =>
    eventually(what, async () => {
      const s = await handle.query(stateQuery);
      return ok(s) ? s : undefined;
    });

  it('a manager moving the deal through the pipeline walks the order: approved, in work, cost, paid and subscription, a lesson used, executed; the workflow ends', async () => {
    const { orderId, dealId, handle } = await followedOrder();
    // A jump: New lead → Confirmed VU walks Company 1 through approved, then in_work.
    await env.s.amoAdmin.moveDeal(dealId, 'Confirmed VU');
    await until('in work', handle, (s) => s.orderStatus === 'in_work');
    assert.equal((await company1Order(orderId)).status, 'in_work');
    await env.s.amo.updateDealPrice(dealId, 5500);
    await env.s.amoAdmin.moveDeal(dealId, 'Waiting for payment');
    await until('the cost sent', handle, (s) => s.deal?.cost === 5500);
    assert.equal((await company1Order(orderId)).cost, 5500);
    await env.s.amoAdmin.moveDeal(dealId, 'Payment received');
    await until('paid', handle, (s) => s.deal?.paid === true);
    const paid = await company1Order(orderId);
    assert.equal(paid.paid, true);
    // The trial lesson is a one-lesson package valid 14 days (config/services.json), from the payment.
    assert.equal(paid.subscription?.state, 'active');
    assert.deepEqual([paid.subscription?.lessonsTotal, paid.subscription?.lessonsUsed], [1, 0]);
    const validFor = Date.parse(paid.subscription.validUntil!) - Date.now();
    assert.ok(validFor > 13 * 86_400_000 && validFor <= 14 * 86_400_000, `valid for 14 days (${validFor} ms)`);
    await env.s.amoAdmin.moveDeal(dealId, 'Another lesson passed');
    await until('the lesson counted', handle, (s) => s.deal?.subscription?.lessonsUsed === 1);
    assert.deepEqual((await company1Order(orderId)).subscription, { ...paid.subscription, state: 'expired', lessonsUsed: 1 });
    await env.s.amoAdmin.moveDeal(dealId, 'Success');
    const final = await resultWithin(handle);
    assert.equal(final.orderStatus, 'executed');
    assert.equal((await company1Order(orderId)).status, 'executed');
    assert.ok(final.history.some((h) => /deal moved to Waiting for payment/.test(h.event)));
    // Company 1's own record of the order: every change the integration made, once, in order.
    const changes = (await env.s.company1Admin.history(orderId)).map((h) => `${h.by}: ${Object.keys(h.changes).join(', ')}`);
    assert.deepEqual(changes, [
      'customer: status, cost, paid, subscription',
      'partner: additionalInfo.contactId, additionalInfo.externalId, additionalInfo.closedByDetmir',
      'partner: status',
      'partner: status',
      'partner: cost',
      'partner: paid, subscription',
      'partner: subscription',
      'partner: status',
    ]);
  });

  it('a Digital Pipeline hook (ids only) reaches the order through the deal router; Refusal rejects the order', async () => {
    const { orderId, dealId, handle } = await followedOrder();
    const statusOf = async (name: string) => (await env.s.amo.resolvePipeline('Company 2')).stages[name]!;
    const body = new URLSearchParams({
      'leads[status][0][id]': String(dealId),
      'leads[status][0][status_id]': String(await statusOf('Recorded for trial')),
      'leads[status][0][pipeline_id]': String(env.s.dealTarget.pipelineId),
      'leads[status][0][old_status_id]': '',
      'leads[status][0][old_pipeline_id]': '',
      'account[id]': '1',
      'account[subdomain]': 'company2',
    }).toString();
    const res = await postForm(body);
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { leads: { outcome: string }[] }).leads.map((l) => l.outcome), ['handed-to-router']);
    // Forwarded by the router; the order reads the deal as it is now (still "New lead" in amoCRM: the
    // hook was ours, not a manager's move), and records it.
    await until('the routed change applied', handle, (s) => s.history.some((h) => h.event === 'deal moved to New lead (digital-pipeline)'));
    await env.s.amoAdmin.moveDeal(dealId, 'Refusal');
    const final = await resultWithin(handle);
    assert.equal(final.orderStatus, 'rejected');
    assert.equal((await company1Order(orderId)).status, 'rejected');
  });

  it('a wrong secret gets 404 and a malformed body 400 naming the field; neither signals anything', async () => {
    const { dealId, handle } = await followedOrder();
    // Signals, not all events: the order may still be finishing a task of its own (an activity's events) meanwhile.
    const signals = async () => ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
    const before = await signals();
    const good = `leads%5Bstatus%5D%5B0%5D%5Bid%5D=${dealId}&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=142`;
    assert.equal((await postForm(good, 'not-the-secret')).status, 404);
    const bad = await postForm(`leads[status][0][id]=${dealId}&leads[status][0][status_id]=abc`);
    assert.equal(bad.status, 400);
    assert.ok(((await bad.json()) as { fields: string[] }).fields.some((f) => f.includes('leads[status][0][status_id]')));
    assert.equal(await signals(), before, 'nothing reached the order');
    await handle.terminate('test done');
  });

  it('a deal that is not ours, and a change for an order that has finished, are acknowledged and recorded, never an error', async () => {
    // A deal in another pipeline, without an order id, moved by a manager: the webhook fires for it too.
    const created = await fetch(`${env.s.amoSandbox.url}/api/v4/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SETUP_AMO_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'Someone else’s deal' }]),
    });
    const strangerId = ((await created.json()) as { _embedded: { leads: { id: number }[] } })._embedded.leads[0]!.id;
    const workerReads = async () => (await env.s.amoAdmin.requests()).filter((r) => r.path === `/api/v4/leads/${strangerId}` && r.tokenKind === 'long-lived').length;
    const readsBefore = await workerReads();
    await env.s.amoAdmin.moveDeal(strangerId, 'Success', 'Sales');
    const routed = await eventually('the stranger routed', async () => resultWithin(env.t.client.workflow.getHandle<typeof dealRouterWorkflow>(dealRouterWorkflowId(strangerId)), 60_000));
    assert.equal(routed.outcome, 'not-ours');
    assert.match(routed.reason, /not ours/);
    assert.equal(await workerReads(), readsBefore, 'its pipeline says so: amoCRM is not asked');

    const { dealId, handle } = await followedOrder();
    await env.s.amoAdmin.moveDeal(dealId, 'Refusal');
    await resultWithin(handle);
    const late = new URLSearchParams({ 'leads[status][0][id]': String(dealId), 'leads[status][0][status_id]': '142', 'leads[status][0][name]': 'x', 'leads[status][0][custom_fields][0][id]': '932792', 'leads[status][0][custom_fields][0][values][0][value]': handle.workflowId.replace('order-', '') });
    const res = await postForm(late.toString());
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { leads: { outcome: string }[] }).leads.map((l) => l.outcome), ['order-not-running']);
  });
});
