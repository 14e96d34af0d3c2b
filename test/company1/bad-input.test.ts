// Bad input is refused with a problem naming the field, and the order stays exactly as it was.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAxiosError } from 'axios';
import type { SandboxOrderInput } from '../../sandbox/company1/admin-client';
import { customerOrder, rawRequest, startFixture, type Fixture } from './fixture';

const fieldsOf = (body: Record<string, unknown> | undefined) => ((body?.errors ?? []) as { field: string }[]).map((e) => e.field);

void describe('bad input', () => {
  let f: Fixture;
  let orderId: string;
  before(async () => {
    f = await startFixture();
    orderId = (await f.admin.createOrder(customerOrder())).id;
  });
  after(() => f.sandbox.close());

  const refusals: [string, unknown, string[]][] = [
    ['an unknown status', { status: { from: 'on_approval', to: 'closed' } }, ['status.to']],
    ['a status given as a string', { status: 'approved' }, ['status']],
    ['a status move missing `from`', { status: { to: 'approved' } }, ['status.from']],
    ['a negative cost', { cost: -1 }, ['cost']],
    ['a cost given as text', { cost: '4900' }, ['cost']],
    ['paid given as a string', { paid: 'yes' }, ['paid']],
    ['a subscription missing lessonsUsed', { subscription: { state: 'active', lessonsTotal: 8, validUntil: null } }, ['subscription.lessonsUsed']],
    ['an unknown subscription state', { subscription: { state: 'paused', lessonsTotal: 8, lessonsUsed: 0, validUntil: null } }, ['subscription.state']],
    ['a validUntil that is not an RFC 3339 date-time', { subscription: { state: 'active', lessonsTotal: 8, lessonsUsed: 0, validUntil: '2030-02-30T00:00:00Z' } }, ['subscription.validUntil']],
    ['a leap second that is not 23:59:60 UTC', { subscription: { state: 'active', lessonsTotal: 8, lessonsUsed: 0, validUntil: '2030-01-31T12:00:60Z' } }, ['subscription.validUntil']],
    ['additionalInfo.contactId as text', { additionalInfo: { contactId: '123' } }, ['additionalInfo.contactId']],
    ['an unknown top-level key', { stauts: { from: 'on_approval', to: 'approved' } }, ['stauts']],
    ['an unknown key inside subscription', { subscription: { state: 'active', lessonsTotal: 1, lessonsUsed: 0, validUntil: null, x: 1 } }, ['subscription.x']],
    ['a body that is not an object', [1, 2], ['body']],
    ['malformed JSON', '{"cost": ', ['body']],
  ];

  for (const [what, body, fields] of refusals) {
    void it(`PATCH with ${what} → 400 naming ${fields.join(', ')}, order unchanged`, async () => {
      const before = await f.client.getOrder(orderId);
      const res = await rawRequest(f.sandbox.url, 'PATCH', `/v1/orders/${orderId}`, body);
      assert.equal(res.status, 400);
      assert.equal(res.contentType, 'application/problem+json; charset=utf-8');
      assert.deepEqual(fieldsOf(res.body), fields);
      assert.deepEqual(await f.client.getOrder(orderId), before);
    });
  }

  void it('a body over 64 KiB → 413 naming the body, order unchanged', async () => {
    const before = await f.client.getOrder(orderId);
    const res = await rawRequest(f.sandbox.url, 'PATCH', `/v1/orders/${orderId}`, { additionalInfo: { note: 'x'.repeat(70_000) } });
    assert.equal(res.status, 413);
    assert.deepEqual(fieldsOf(res.body), ['body']);
    assert.deepEqual(await f.client.getOrder(orderId), before);
  });

  void it('a new order missing customer.phone → 400 naming it', async () => {
    const body = { userId: 'u', customer: { firstName: 'A', lastName: 'B' }, service: { id: 's', name: 'S' } };
    const res = await rawRequest(f.sandbox.url, 'POST', '/v1/orders', body, { 'idempotency-key': 'bad-1' });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['customer.phone']);
  });

  void it('the customer route accepts bad but well-formed orders: empty phone, empty userId, any service id', async () => {
    const order = await f.admin.createOrder({
      userId: '',
      customer: { firstName: '', lastName: '', phone: '' },
      service: { id: 'no-such-service', name: '' },
    });
    assert.equal(order.userId, '');
    assert.equal(order.customer.phone, '');
  });

  void it('the customer route refuses structural garbage with 400', async () => {
    const garbage = { userId: 42, customer: 'Anna', service: { id: 's', name: 'S' } } as unknown as SandboxOrderInput;
    const err = await f.admin.createOrder(garbage).catch((e: unknown) => e);
    assert.ok(isAxiosError(err));
    assert.equal(err.response?.status, 400);
    assert.deepEqual(fieldsOf(err.response?.data as Record<string, unknown>), ['userId', 'customer']);
  });
});
