// Every status rule of PATCH /v1/orders/{id}, through the client and over raw HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Company1Error } from '../../company1/errors';
import { ORDER_STATUSES, canMove, isFinal, pathBetween, type OrderStatus } from '../../company1/order-status';
import { customerOrder, rawRequest, startFixture, type Fixture } from './fixture';

void describe('order status moves', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.sandbox.close());

  /** A fresh order walked (with allowed moves) to `status`. */
  async function orderIn(status: OrderStatus): Promise<string> {
    const { id } = await f.admin.createOrder(customerOrder());
    const steps = pathBetween('on_approval', status) ?? [];
    let from: OrderStatus = 'on_approval';
    for (const to of steps) {
      const result = await f.client.moveOrderStatus(id, from, to);
      assert.equal(result.outcome, 'moved');
      from = to;
    }
    return id;
  }

  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      if (canMove(from, to)) {
        void it(`moves ${from} → ${to}`, async () => {
          const id = await orderIn(from);
          const result = await f.client.moveOrderStatus(id, from, to);
          assert.equal(result.outcome, 'moved');
          assert.equal(result.outcome === 'moved' && result.order.status, to);
          assert.equal((await f.client.getOrder(id)).status, to);
        });
      } else {
        const why = isFinal(from) ? 'out of a final status' : 'not an allowed move';
        void it(`refuses ${from} → ${to} (${why}) with 422 naming status.to, order unchanged`, async () => {
          const id = await orderIn(from);
          const before = await f.client.getOrder(id);
          const err = await f.client.moveOrderStatus(id, from, to).catch((e: unknown) => e);
          assert.ok(err instanceof Company1Error, String(err));
          assert.equal(err.kind, 'unprocessable');
          assert.equal(err.status, 422);
          assert.deepEqual(err.fields, ['status.to']);
          assert.equal(err.retryable, false);
          assert.deepEqual(await f.client.getOrder(id), before);
        });
      }
    }
  }

  void it('a stale `from` is an outcome carrying the current status, not an error', async () => {
    const id = await orderIn('approved');
    const result = await f.client.moveOrderStatus(id, 'on_approval', 'approved');
    assert.deepEqual(result, { outcome: 'stale', currentStatus: 'approved' });
  });

  void it('a retried move after a lost response reads as stale with currentStatus = the target', async () => {
    const id = await orderIn('on_approval');
    await f.client.moveOrderStatus(id, 'on_approval', 'approved');
    assert.deepEqual(await f.client.moveOrderStatus(id, 'on_approval', 'approved'), { outcome: 'stale', currentStatus: 'approved' });
  });

  void it('over HTTP a stale `from` is a 409 stale-status problem with currentStatus', async () => {
    const id = await orderIn('in_work');
    const before = await f.client.getOrder(id);
    const res = await rawRequest(f.sandbox.url, 'PATCH', `/v1/orders/${id}`, { status: { from: 'approved', to: 'in_work' }, cost: 10 });
    assert.equal(res.status, 409);
    assert.equal(res.contentType, 'application/problem+json; charset=utf-8');
    assert.match(String(res.body?.type), /\/stale-status$/);
    assert.equal(res.body?.currentStatus, 'in_work');
    assert.deepEqual(res.body?.errors, [{ field: 'status.from', message: 'The order is in_work' }]);
    assert.deepEqual(await f.client.getOrder(id), before);
  });

  void it('a status move and field changes in one PATCH apply together', async () => {
    const id = await orderIn('approved');
    const res = await rawRequest(f.sandbox.url, 'PATCH', `/v1/orders/${id}`, { status: { from: 'approved', to: 'in_work' }, cost: 1500, additionalInfo: { externalId: 9 } });
    assert.equal(res.status, 200);
    assert.equal(res.body?.status, 'in_work');
    assert.equal(res.body?.cost, 1500);
  });
});
