// POST /v1/orders (stage 3): creating on behalf of a user, safe to retry with the same Idempotency-Key.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAxiosError } from 'axios';
import { Company1Error } from '../../company1/errors';
import type { NewOrder } from '../../company1/schemas';
import { customerOrder, rawRequest, startFixture, type Fixture } from './fixture';

const booking = (userId: string): NewOrder => ({
  userId,
  customer: { firstName: 'Ivan', lastName: 'Sidorov', phone: '+79991112233' },
  service: { id: 'subscription-8', name: '8 lessons' },
  additionalInfo: { closedByDetmir: false },
});

void describe('creating orders through the API', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({ stage: 3 });
  });
  after(() => f.sandbox.close());

  void it('creates an order in on_approval with the given additionalInfo (201)', async () => {
    const res = await rawRequest(f.sandbox.url, 'POST', '/v1/orders', booking('u-201'), { 'idempotency-key': 'k-201' });
    assert.equal(res.status, 201);
    assert.equal(res.body?.status, 'on_approval');
    assert.deepEqual(res.body?.additionalInfo, { closedByDetmir: false });
  });

  void it('a retry with the same key and body returns the original order (200), not a second one', async () => {
    const first = await f.client.createOrder(booking('u-1'), 'key-1');
    const countBefore = (await f.admin.orders()).length;
    const retried = await rawRequest(f.sandbox.url, 'POST', '/v1/orders', booking('u-1'), { 'idempotency-key': 'key-1' });
    assert.equal(retried.status, 200);
    assert.equal(retried.body?.id, first.id);
    assert.deepEqual(await f.client.createOrder(booking('u-1'), 'key-1'), first);
    assert.equal((await f.admin.orders()).length, countBefore);
  });

  void it('the same key with a different body is refused with 422 naming Idempotency-Key', async () => {
    await f.client.createOrder(booking('u-2'), 'key-2');
    const err = await f.client.createOrder(booking('u-3'), 'key-2').catch((e: unknown) => e);
    assert.ok(err instanceof Company1Error);
    assert.equal(err.kind, 'unprocessable');
    assert.deepEqual(err.fields, ['Idempotency-Key']);
  });

  void it('a missing Idempotency-Key is a 400 naming it', async () => {
    const res = await rawRequest(f.sandbox.url, 'POST', '/v1/orders', booking('u-4'));
    assert.equal(res.status, 400);
    assert.deepEqual((res.body?.errors as { field: string }[]).map((e) => e.field), ['Idempotency-Key']);
  });

  void it('our own API insists on a user id (the customer route does not)', async () => {
    const err = await f.client.createOrder(booking(''), 'key-5').catch((e: unknown) => e);
    assert.ok(err instanceof Company1Error);
    assert.deepEqual(err.fields, ['userId']);
  });

  void it('in stage 3 the "create as a customer" admin route answers 409', async () => {
    const err = await f.admin.createOrder(customerOrder()).catch((e: unknown) => e);
    assert.ok(isAxiosError(err));
    assert.equal(err.response?.status, 409);
  });
});
