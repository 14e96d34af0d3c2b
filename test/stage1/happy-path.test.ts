import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AmoContactId, AmoLeadId, DetmirOrderId, DetmirUserId, IntegrationStage, NeedsAttention, OrderStatus } from '../../temporal/search-attributes';
import { type Company1OrderChange, isFinalCompany1Change } from '../../workflows/order/contract';
import { customerOrder, useStage1 } from '../support/stage1';
import { orderWorkflowHandle } from '../support/wait';

describe('stage 1: a Company 1 order becomes one amoCRM deal', () => {
  const env = useStage1({ autoCloseAfterMs: 1_500, graceMs: 5_000 });

  it("a new user's order creates one contact and one deal, writes the ids back and completes when Company 1 closes it", async () => {
    const input = customerOrder();
    const order = await env.s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    const state = await handle.result();

    assert.equal(state.phase, 'completed');
    assert.equal(state.closedByDetmir, true);
    assert.equal(state.needsAttention, false);
    const contacts = (await env.s.amoAdmin.contacts()).filter((c) => JSON.stringify(c).includes(input.userId));
    assert.equal(contacts.length, 1, 'exactly one contact for the user');
    const deals = await env.s.amo.findDealByDetmirOrderId(order.id);
    assert.ok(deals, 'the deal exists');
    assert.equal(deals.id, state.dealId);
    assert.equal(deals.mainContactId, state.contactId);
    assert.equal(deals.pipelineId, env.s.dealTarget.pipelineId);
    assert.equal(deals.statusId, env.s.dealTarget.statusId);
    assert.ok(deals.tagIds.includes(499278), 'tagged "Companies 1. Services"');
    assert.equal(deals.price, 4900);

    const final = await env.s.company1Admin.order(order.id);
    assert.equal(final.status, 'executed');
    assert.deepEqual(
      { contactId: final.additionalInfo.contactId, externalId: final.additionalInfo.externalId, closedByDetmir: final.additionalInfo.closedByDetmir },
      { contactId: state.contactId, externalId: state.dealId, closedByDetmir: true },
    );
    assert.equal(typeof final.additionalInfo.contactId, 'number');
    // Company 1 notified the write-back too (its echo); only the close was worth a signal. (On a slow machine the
    // write-back can land after the sandbox's close, and its echo then carries the close as well.)
    const notified = await env.s.company1Admin.notifications();
    const changes = new Set(notified.filter((a) => a.orderId === order.id && a.type === 'order.changed' && a.outcome === 'delivered').map((a) => a.eventId));
    assert.ok(changes.size >= 2, 'the echo and the close were both notified');
    const signalled = ((await handle.fetchHistory()).events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === 'company1OrderChanged')
      .map((a) => JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString()) as Company1OrderChange);
    assert.ok(signalled.length >= 1, 'the close was signalled');
    assert.deepEqual(signalled.filter((c) => !isFinalCompany1Change(c)), [], 'no change the workflow does not act on was signalled');
  });

  it("a returning user's order reuses the contact and adds a second deal", async () => {
    const input = customerOrder();
    const first = await env.s.company1Admin.createOrder(input);
    const firstState = await (await orderWorkflowHandle(env.t.client, first.id)).result();
    const second = await env.s.company1Admin.createOrder({ ...input, cost: null });
    const secondState = await (await orderWorkflowHandle(env.t.client, second.id)).result();

    assert.equal(secondState.contactId, firstState.contactId);
    assert.notEqual(secondState.dealId, firstState.dealId);
    const contacts = (await env.s.amoAdmin.contacts()).filter((c) => JSON.stringify(c).includes(input.userId));
    assert.equal(contacts.length, 1);
  });

  it('keeps the search attributes current and puts no personal data in them', async () => {
    const input = customerOrder();
    const order = await env.s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    const state = await handle.result();
    const description = await handle.describe();
    const attrs = description.typedSearchAttributes;
    assert.equal(attrs.get(DetmirOrderId), order.id);
    assert.equal(attrs.get(DetmirUserId), input.userId);
    assert.equal(attrs.get(AmoLeadId), state.dealId);
    assert.equal(attrs.get(AmoContactId), state.contactId);
    assert.equal(attrs.get(IntegrationStage), 1);
    assert.equal(attrs.get(NeedsAttention), false);
    assert.equal(attrs.get(OrderStatus), 'executed');
    const everything = JSON.stringify(description.raw.workflowExecutionInfo?.searchAttributes ?? {});
    assert.ok(!everything.includes('Ivanova') && !everything.includes('79990001122'), 'no names or phones in search attributes');
    assert.match((await description.staticSummary()) ?? '', new RegExp(order.id));
    assert.ok(state.history.length > 0);
  });
});
