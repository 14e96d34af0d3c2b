import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type AmoClient, AmoError } from '../../amocrm';
import { type AmoFixture, rejectionOf, seedContacts, startFixture } from './fixture';

// Deal creation shares requests (amocrm/batch-lane.ts). These run against the sandbox over real
// HTTP; a client allowed 1 request per second holds a burst back long enough for it to share one.

void describe('amoCRM client: deals created in batches', () => {
  let fx: AmoFixture;
  let slow: AmoClient;
  let contactIds: number[];
  let run = 0;
  before(async () => {
    fx = await startFixture();
    contactIds = await seedContacts(fx, ['u-b1', 'u-b2', 'u-b3']);
  });
  beforeEach(async () => {
    run += 1;
    await fx.sandbox.admin.clearFaults();
    slow = fx.clientWith({ requestsPerSecond: 1 });
    // Take this second's only slot, so the creates below queue behind it.
    await slow.getDeal(1);
    await fx.sandbox.admin.clearRequests();
  });
  after(() => fx.close());

  const target = () => ({ pipelineId: fx.pipeline.pipelineId, statusId: fx.pipeline.stages['New lead']! });
  const deal = (orderId: string, contactId = contactIds[0]!) => ({ name: `Order ${orderId}`, ...target(), detmirOrderId: orderId, contactId });
  const posts = async (path: string) => (await fx.sandbox.admin.requests()).filter((r) => r.method === 'POST' && r.path === path);
  const dealsOf = async (orderIds: string[]) => (await fx.sandbox.admin.leads()).filter((l) => orderIds.some((id) => l.name === `Order ${id}`));

  void it('a lone deal leaves at once, alone', async () => {
    const lone = fx.clientWith({});
    const { dealId } = await lone.createDeal(deal(`lone-${run}`));
    assert.equal((await posts('/api/v4/leads')).length, 1);
    assert.equal((await lone.getDeal(dealId))?.detmirOrderId, `lone-${run}`);
  });

  void it('creates arriving one by one while requests hold over half the budget share the request after the first', async () => {
    // 2 of 4 slots held, then the first create's: 3 of 4, one free. The limiter would not make a request
    // wait, but creates that each took one alone would leave the lookups only the rest of the budget.
    // amoCRM's 7/s is per integration, and the setup's requests count: start on a clear second.
    await new Promise((r) => setTimeout(r, 1_100));
    const moderate = fx.clientWith({ requestsPerSecond: 4 });
    await Promise.all([moderate.getDeal(1), moderate.getDeal(2)]);
    await fx.sandbox.admin.clearRequests();
    // The first leaves at once (a free slot is not left unused); the three behind it share the next request.
    const first = await moderate.createDeal(deal(`gather-${run}-first`));
    const ids = Array.from({ length: 3 }, (_, i) => `gather-${run}-${i}`);
    const created: Promise<{ dealId: number }>[] = [];
    for (const id of ids) {
      created.push(moderate.createDeal(deal(id)));
      // Apart enough that the first one's request would have left alone (its body is made as its slot is granted).
      await new Promise((r) => setTimeout(r, 20));
    }
    const results = await Promise.all(created);
    assert.deepEqual(
      (await posts('/api/v4/leads')).map((r) => r.status),
      [200, 200],
      'one POST for the first, one for the three behind it',
    );
    assert.deepEqual((await moderate.getDeals([first.dealId, ...results.map((c) => c.dealId)])).map((d) => d.detmirOrderId).sort(), [`gather-${run}-first`, ...ids].sort());
    await new Promise((r) => setTimeout(r, 1_100));
  });

  void it('deals created while the limiter holds requests back share one request, each getting its own deal', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `burst-${run}-${i}`);
    const created = await Promise.all(ids.map((id, i) => slow.createDeal(deal(id, contactIds[i % 3]))));
    assert.equal((await posts('/api/v4/leads')).length, 1, 'one POST for the whole burst');
    assert.equal(new Set(created.map((c) => c.dealId)).size, 30);
    const stored = await slow.getDeals(created.map((c) => c.dealId));
    assert.deepEqual(
      stored.map((d) => [d.detmirOrderId, d.mainContactId]).sort(),
      ids.map((id, i) => [id, contactIds[i % 3]]).sort(),
      'each answer is the deal of its own order, linked to its own contact',
    );
  });

  void it('never more deals in one request than the batch size', async () => {
    const small = fx.clientWith({ requestsPerSecond: 1, batchSize: 4 });
    await small.getDeal(1);
    const ids = Array.from({ length: 10 }, (_, i) => `size-${run}-${i}`);
    await Promise.all(ids.map((id) => small.createDeal(deal(id))));
    assert.equal((await posts('/api/v4/leads')).length, 3, '4 + 4 + 2');
    assert.equal((await dealsOf(ids)).length, 10);
  });

  void it('an invalid deal is split out with its own error; the rest are created by the next request', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `split-${run}-${i}`);
    const results = await Promise.allSettled(ids.map((id, i) => slow.createDeal(deal(id, i === 2 ? 999_999_999 : contactIds[0]))));
    const refused = results[2]!;
    assert.equal(refused.status, 'rejected');
    const err = refused.reason as AmoError;
    assert.ok(err instanceof AmoError);
    assert.equal(err.kind, 'validation');
    assert.ok(err.fieldPaths.some((p) => /_embedded\.contacts\.\d+\.id$/.test(p)), `the refused field is named: ${err.message}`);
    assert.ok(err.message.includes(ids[2]!), 'the error names the refused order');
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.deepEqual(
      (await fx.sandbox.admin.requests()).filter((r) => r.path === '/api/v4/leads').map((r) => `${r.method} ${r.status}`),
      ['POST 400', 'GET 200', 'POST 200'],
      'the refused request; one check that amoCRM wrote none of it; the other four',
    );
    assert.deepEqual((await dealsOf(ids)).map((l) => l.name).sort(), [0, 1, 3, 4].map((i) => `Order ${ids[i]}`));
  });

  void it('a batch whose answer was lost is checked with one list query: no second deal, no per-deal search', async () => {
    await fx.sandbox.admin.setFaults({ dropResponseAfterCommit: { method: 'POST', pathPrefix: '/api/v4/leads', count: 1 } });
    const ids = Array.from({ length: 12 }, (_, i) => `lost-${run}-${i}`);
    const created = await Promise.all(ids.map((id) => slow.createDeal(deal(id))));
    const stored = await dealsOf(ids);
    assert.equal(stored.length, 12, 'every deal exactly once');
    assert.deepEqual(created.map((c) => c.dealId).sort(), stored.map((l) => l.id).sort());
    const requests = await fx.sandbox.admin.requests();
    assert.equal(requests.filter((r) => r.method === 'POST').length, 1, 'nothing was sent again');
    const reads = requests.filter((r) => r.method === 'GET' && r.path === '/api/v4/leads');
    assert.equal(reads.length, 1, 'one list query');
    assert.ok(!reads[0]!.url.includes('query='), 'a list by creation time, not a search per deal');
  });

  void it('deals a lost answer did not write (the check does not find them) are sent again, once', async () => {
    await fx.sandbox.admin.setFaults({ failNext: { method: 'POST', pathPrefix: '/api/v4/leads', count: 1, status: 502 } });
    const ids = Array.from({ length: 5 }, (_, i) => `again-${run}-${i}`);
    const created = await Promise.all(ids.map((id) => slow.createDeal(deal(id))));
    const stored = await dealsOf(ids);
    assert.deepEqual(created.map((c) => c.dealId).sort(), stored.map((l) => l.id).sort(), 'every deal exactly once');
    const requests = await fx.sandbox.admin.requests();
    assert.deepEqual(
      requests.filter((r) => r.path === '/api/v4/leads').map((r) => `${r.method} ${r.status}`),
      ['POST 502', 'GET 200', 'POST 200'],
      'the failed request, one check, then the deals again in one request',
    );
  });

  void it('a batch answered 429 wrote nothing: its deals queue again, with no check and no second deal', async () => {
    await fx.sandbox.admin.setFaults({ failNext: { method: 'POST', pathPrefix: '/api/v4/leads', count: 1, status: 429 } });
    const ids = Array.from({ length: 5 }, (_, i) => `429-${run}-${i}`);
    const created = await Promise.all(ids.map((id) => slow.createDeal(deal(id))));
    assert.deepEqual(created.map((c) => c.dealId).sort(), (await dealsOf(ids)).map((l) => l.id).sort());
    assert.deepEqual(
      (await fx.sandbox.admin.requests()).filter((r) => r.path === '/api/v4/leads').map((r) => `${r.method} ${r.status}`),
      ['POST 429', 'POST 200'],
    );
  });

  void it('a second create of an order still under way in this process gets the first one\'s deal', async () => {
    const id = `twice-${run}`;
    const [a, b] = await Promise.all([slow.createDeal(deal(id)), slow.createDeal(deal(id))]);
    assert.equal(a.dealId, b.dealId);
    assert.equal((await dealsOf([id])).length, 1);
    assert.equal((await posts('/api/v4/leads')).length, 1);
  });

  void it('when the check cannot be made either, every caller gets the retryable failure and nothing is doubled', async () => {
    await fx.sandbox.admin.setFaults({ errorRatio5xx: 1, errorStatus: 503 });
    const ids = Array.from({ length: 3 }, (_, i) => `down-${run}-${i}`);
    const errors = await Promise.all(ids.map((id) => rejectionOf(slow.createDeal(deal(id)))));
    for (const err of errors) assert.deepEqual([(err as AmoError).kind, (err as AmoError).retryable], ['server', true]);
    await fx.sandbox.admin.clearFaults();
    assert.equal((await dealsOf(ids)).length, 0);
  });

  void it('deals whose attempts are abandoned while they wait are never sent, and the lane keeps working', async () => {
    // A shared limit with no share granted yet: nothing may leave.
    const idle = fx.clientWith({ sharedRateLimit: true });
    const attempt = new AbortController();
    const guard = { signal: attempt.signal, checkBeforeSend: () => undefined };
    const waiting = [`gone-${run}-1`, `gone-${run}-2`].map((id) => rejectionOf(idle.forAttempt(guard).createDeal(deal(id))));
    await new Promise((r) => setTimeout(r, 300));
    attempt.abort(new Error('the server gave up on the attempt'));
    for (const err of await Promise.all(waiting)) assert.equal((err as AmoError).kind, 'attempt-abandoned');
    idle.grantRequestShare(7, 60_000);
    const { dealId } = await idle.createDeal(deal(`after-${run}`));
    assert.deepEqual((await dealsOf([`gone-${run}-1`, `gone-${run}-2`, `after-${run}`])).map((l) => l.id), [dealId], 'only the deal asked after them was created');
    assert.equal((await posts('/api/v4/leads')).length, 1);
  });

  void it('new users: deals with their contacts share one /leads/complex request, each with its own contact', async () => {
    const users = Array.from({ length: 6 }, (_, i) => `u-new-${run}-${i}`);
    const created = await Promise.all(
      users.map((userId, i) =>
        slow.createDealWithContact({ name: `Order cx-${run}-${i}`, ...target(), detmirOrderId: `cx-${run}-${i}`, contact: { firstName: 'N', lastName: `U${i}`, phone: `+7999000${i}`, detmirUserId: userId } }),
      ),
    );
    assert.equal((await posts('/api/v4/leads/complex')).length, 1);
    // Read back through the admin API: the client's own reads would spend the test's rate budget.
    const contacts = await fx.sandbox.admin.contacts();
    const leads = await fx.sandbox.admin.leads();
    for (const [i, c] of created.entries()) {
      const mine = contacts.filter((k) => JSON.stringify(k.custom_fields_values).includes(`"${users[i]}"`));
      assert.deepEqual(mine.map((k) => k.id), [c.contactId], `user ${users[i]} has one contact, the one of their own deal`);
      const lead = leads.find((l) => l.id === c.dealId);
      assert.ok(JSON.stringify(lead?._embedded).includes(`"id":${c.contactId}`), 'the deal is linked to that contact');
    }
  });
});
