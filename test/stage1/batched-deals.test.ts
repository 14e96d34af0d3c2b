import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerOrder, returningUserOrders, useStage1 } from '../support/stage1';
import { orderWorkflowHandle } from '../support/wait';

// Deal creates share requests while amoCRM's 7/s holds them back (amocrm/batch-lane.ts). A burst
// of orders, through the worker and the contact entities, under the sandbox's real rate limit.
describe('stage 1: a burst creates its deals in shared requests, keeping every guarantee', () => {
  const env = useStage1({ autoCloseAfterMs: 1_000 });

  it('new users with two orders each, returning users and a lost batch answer: one contact per user, one deal per order, fewer create requests than deals, at most 7/s', async () => {
    const { t, s } = env;
    // Returning users: their contacts exist in amoCRM, so their orders search, then create a deal.
    const returning = await returningUserOrders(s, 8);
    // One batch answer lost after amoCRM wrote it: the check finds its deals, none is made twice.
    await s.amoAdmin.setFaults({ dropResponseAfterCommit: { method: 'POST', pathPrefix: '/api/v4/leads', count: 1 } });

    const twice = Array.from({ length: 8 }, () => customerOrder());
    const inputs = [...twice, ...twice, ...returning, ...Array.from({ length: 8 }, () => customerOrder())];
    const orders = await Promise.all(inputs.map((input) => s.company1Admin.createOrder(input)));
    const states = await Promise.all(orders.map(async (o) => (await orderWorkflowHandle(t.client, o.id)).result()));
    await s.amoAdmin.clearFaults();

    for (const state of states) assert.equal(state.phase, 'completed');
    const contacts = await s.amoAdmin.contacts();
    for (const input of [...twice, ...returning]) {
      assert.equal(contacts.filter((c) => JSON.stringify(c.custom_fields_values).includes(`"${input.userId}"`)).length, 1, `one contact for user ${input.userId}`);
    }
    for (const [i, o] of twice.entries()) {
      assert.equal(states[i]!.contactId, states[i + twice.length]!.contactId, `both orders of new user ${o.userId} have the same contact`);
    }
    const deals = await s.amoAdmin.leads();
    for (const [i, o] of orders.entries()) {
      const mine = deals.filter((l) => JSON.stringify(l.custom_fields_values).includes(`"${o.id}"`));
      assert.deepEqual(mine.map((l) => l.id), [states[i]!.dealId], `one deal for order ${o.id}`);
    }

    const requests = await s.amoAdmin.requests();
    const creates = requests.filter((r) => r.method === 'POST' && (r.path === '/api/v4/leads' || r.path === '/api/v4/leads/complex'));
    assert.ok(creates.length < orders.length, `the deals shared requests: ${creates.length} create requests for ${orders.length} deals`);
    const stats = await s.amoAdmin.requestStats();
    assert.equal(stats.rateLimited, 0, 'no 429');
    assert.ok(stats.maxInAnySecond <= 7, `at most 7 requests in any second (saw ${stats.maxInAnySecond})`);
  });
});
