// The client against the sandbox over real HTTP: reading and changing orders.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Company1Error } from '../../company1/errors';
import { customerOrder, rawRequest, startFixture, type Fixture } from './fixture';

void describe('Company 1 client: orders', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.sandbox.close());

  void it('reads an order a customer created, with Company-1-looking sequential ids', async () => {
    const first = await f.admin.createOrder(customerOrder());
    const second = await f.admin.createOrder(customerOrder());
    assert.match(first.id, /^\d{6,}$/);
    assert.equal(Number(second.id), Number(first.id) + 1);
    const order = await f.client.getOrder(first.id);
    assert.deepEqual(order, first);
    assert.equal(order.status, 'on_approval');
    assert.equal(order.cost, null);
    assert.equal(order.paid, false);
    assert.equal(order.subscription, null);
  });

  void it('an unknown order is a not-found Company1Error, not retryable', async () => {
    const err = await f.client.getOrder('999999999').catch((e: unknown) => e);
    assert.ok(err instanceof Company1Error);
    assert.equal(err.kind, 'not-found');
    assert.equal(err.status, 404);
    assert.equal(err.retryable, false);
  });

  void it('changes cost, paid and subscription', async () => {
    const created = await f.admin.createOrder(customerOrder());
    const subscription = { state: 'active' as const, lessonsTotal: 8, lessonsUsed: 1, validUntil: '2030-01-31T00:00:00.000Z' };
    const changed = await f.client.changeOrder(created.id, { cost: 4900, paid: true, subscription });
    assert.equal(changed.cost, 4900);
    assert.equal(changed.paid, true);
    assert.deepEqual(changed.subscription, subscription);
    assert.ok(Date.parse(changed.updatedAt) > Date.parse(created.updatedAt));
    const cleared = await f.client.changeOrder(created.id, { subscription: null });
    assert.equal(cleared.subscription, null);
    assert.equal(cleared.cost, 4900);
  });

  void it('additionalInfo is merged key by key and never clobbers other keys', async () => {
    const created = await f.admin.createOrder(customerOrder());
    await f.client.changeOrder(created.id, { additionalInfo: { contactId: 11, externalId: 22, closedByDetmir: false } });
    await f.client.changeOrder(created.id, { additionalInfo: { company1Note: 'vip' } });
    const order = await f.client.changeOrder(created.id, { additionalInfo: { externalId: 23 } });
    assert.deepEqual(order.additionalInfo, { contactId: 11, externalId: 23, closedByDetmir: false, company1Note: 'vip' });
  });

  void it('a change that alters nothing keeps updatedAt', async () => {
    const created = await f.admin.createOrder(customerOrder());
    const once = await f.client.changeOrder(created.id, { additionalInfo: { contactId: 5 } });
    const again = await f.client.changeOrder(created.id, { additionalInfo: { contactId: 5 } });
    assert.equal(again.updatedAt, once.updatedAt);
  });

  void it('re-sending additionalInfo with the same nested object, keys in another order, keeps updatedAt', async () => {
    const created = await f.admin.createOrder(customerOrder());
    const once = await f.client.changeOrder(created.id, { additionalInfo: { crm: { lead: 1, tags: ['a', { x: 1, y: 2 }] }, contactId: 5 } });
    const again = await f.client.changeOrder(created.id, { additionalInfo: { contactId: 5, crm: { tags: ['a', { y: 2, x: 1 }], lead: 1 } } });
    assert.equal(again.updatedAt, once.updatedAt);
    assert.deepEqual(again.additionalInfo, once.additionalInfo);
    const reordered = await f.client.changeOrder(created.id, { additionalInfo: { crm: { tags: [{ x: 1, y: 2 }, 'a'], lead: 1 } } });
    assert.ok(reordered.updatedAt > once.updatedAt, 'the order of array items is a change');
  });

  void it('subscription.validUntil takes lower-case t and z and a leap second, and keeps them with upper-case T and Z', async () => {
    const created = await f.admin.createOrder(customerOrder());
    const subscription = { state: 'active' as const, lessonsTotal: 8, lessonsUsed: 0, validUntil: '2016-12-31t23:59:60z' };
    const changed = await f.client.changeOrder(created.id, { subscription });
    assert.equal(changed.subscription?.validUntil, '2016-12-31T23:59:60Z');
    const withOffset = await f.client.changeOrder(created.id, { subscription: { ...subscription, validUntil: '2030-01-31t23:59:59.5+03:00' } });
    assert.equal(withOffset.subscription?.validUntil, '2030-01-31T23:59:59.5+03:00');
    assert.deepEqual(await f.client.getOrder(created.id), withOffset);
  });

  void it('a final order refuses cost, paid and subscription (422 naming the field) but still merges additionalInfo', async () => {
    const created = await f.admin.createOrder(customerOrder());
    await f.client.moveOrderStatus(created.id, 'on_approval', 'rejected');
    for (const change of [{ cost: 1 }, { paid: true }, { subscription: null }] as const) {
      const err = await f.client.changeOrder(created.id, change).catch((e: unknown) => e);
      assert.ok(err instanceof Company1Error);
      assert.equal(err.kind, 'unprocessable');
      assert.deepEqual(err.fields, Object.keys(change));
      assert.match(err.message, new RegExp(Object.keys(change)[0]!));
    }
    const order = await f.client.changeOrder(created.id, { additionalInfo: { externalId: 77 } });
    assert.equal(order.additionalInfo.externalId, 77);
    assert.equal(order.status, 'rejected');
  });

  void it('the sandbox logs the requests it served, without the API key', async () => {
    const created = await f.admin.createOrder(customerOrder());
    await f.client.getOrder(created.id);
    const log = await f.admin.requests();
    assert.ok(log.some((r) => r.method === 'GET' && r.url === `/v1/orders/${created.id}` && r.status === 200));
    assert.doesNotMatch(JSON.stringify(log), /test-api-key/);
    const problem = await rawRequest(f.sandbox.url, 'GET', `/v1/orders/${created.id}`, undefined, { 'x-api-key': 'wrong' });
    assert.equal(problem.contentType, 'application/problem+json; charset=utf-8');
  });
});
