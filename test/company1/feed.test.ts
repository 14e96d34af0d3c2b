// GET /v1/orders as a feed: filters, cursor paging, and no order missed when it changes mid-paging.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Company1Client } from '../../company1/client';
import { Company1Error } from '../../company1/errors';
import type { Order, OrderStatus } from '../../company1/schemas';
import { customerOrder, rawRequest, startFixture, type Fixture } from './fixture';

async function readAll(client: Company1Client, q: { status?: OrderStatus[]; changedSince?: string; limit: number }): Promise<Order[]> {
  const seen: Order[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await client.listOrders({ ...q, cursor });
    seen.push(...page.items);
    if (page.items.length < q.limit) return seen;
    cursor = page.nextCursor ?? undefined;
  }
}

void describe('order feed', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  beforeEach(() => f.admin.reset());
  after(() => f.sandbox.close());

  void it('is empty with a null cursor when there are no orders', async () => {
    assert.deepEqual(await f.client.listOrders({}), { items: [], nextCursor: null });
  });

  void it('pages through every order once, ordered by updatedAt then id', async () => {
    const created: Order[] = [];
    for (let i = 0; i < 7; i++) created.push(await f.admin.createOrder(customerOrder()));
    const all = await readAll(f.client, { limit: 3 });
    assert.deepEqual(all.map((o) => o.id), created.map((o) => o.id));
  });

  void it('filters by one or several statuses', async () => {
    const a = await f.admin.createOrder(customerOrder());
    const b = await f.admin.createOrder(customerOrder());
    const c = await f.admin.createOrder(customerOrder());
    await f.client.moveOrderStatus(b.id, 'on_approval', 'approved');
    await f.client.moveOrderStatus(c.id, 'on_approval', 'rejected');
    const approved = await f.client.listOrders({ status: ['approved'] });
    assert.deepEqual(approved.items.map((o) => o.id), [b.id]);
    const some = await f.client.listOrders({ status: ['on_approval', 'rejected'] });
    assert.deepEqual(some.items.map((o) => o.id), [a.id, c.id]);
  });

  void it('changedSince returns only orders changed at or after that instant', async () => {
    await f.admin.createOrder(customerOrder());
    const later = await f.admin.createOrder(customerOrder());
    const moved = await f.client.moveOrderStatus(later.id, 'on_approval', 'approved');
    assert.equal(moved.outcome, 'moved');
    const since = moved.outcome === 'moved' ? moved.order.updatedAt : '';
    const page = await f.client.listOrders({ changedSince: since });
    assert.deepEqual(page.items.map((o) => o.id), [later.id]);
  });

  void it('changedSince takes any RFC 3339 date-time: lower-case t and z, a leap second, an offset', async () => {
    const order = await f.admin.createOrder(customerOrder());
    const everything = ['2016-12-31t23:59:60z', '2016-12-31T15:59:60.5-08:00', order.updatedAt.toLowerCase()];
    for (const changedSince of everything) {
      assert.deepEqual((await f.client.listOrders({ changedSince })).items.map((o) => o.id), [order.id], changedSince);
    }
    assert.deepEqual((await f.client.listOrders({ changedSince: '9998-12-31T23:59:60Z' })).items, []);
  });

  void it('refuses a changedSince that is not an RFC 3339 date-time, naming it', async () => {
    for (const changedSince of ['2026-02-30T00:00:00Z', '2026-03-01T12:00:61Z', '2026-03-01T12:00Z', 'today']) {
      const res = await rawRequest(f.sandbox.url, 'GET', `/v1/orders?changedSince=${encodeURIComponent(changedSince)}`);
      assert.equal(res.status, 400, changedSince);
      assert.deepEqual((res.body?.errors as { field: string }[]).map((e) => e.field), ['changedSince']);
    }
  });

  void it('an order changed while a poller pages is not missed, and the end cursor resumes later', async () => {
    const orders: Order[] = [];
    for (let i = 0; i < 5; i++) orders.push(await f.admin.createOrder(customerOrder()));
    const first = await f.client.listOrders({ limit: 2 });
    assert.deepEqual(first.items.map((o) => o.id), [orders[0]!.id, orders[1]!.id]);

    // Changes land behind the poller's position (order 0, already read) and ahead of it (order 3).
    await f.client.changeOrder(orders[0]!.id, { cost: 100 });
    await f.client.changeOrder(orders[3]!.id, { cost: 300 });

    const rest: Order[] = [];
    let cursor = first.nextCursor ?? undefined;
    for (;;) {
      const page = await f.client.listOrders({ limit: 2, cursor });
      rest.push(...page.items);
      cursor = page.nextCursor ?? cursor;
      if (page.items.length < 2) break;
    }
    assert.deepEqual(rest.map((o) => o.id), [orders[2]!.id, orders[4]!.id, orders[0]!.id, orders[3]!.id]);
    assert.equal(rest.find((o) => o.id === orders[0]!.id)?.cost, 100);

    // Polling again from the kept cursor gives only what changed since.
    assert.deepEqual((await f.client.listOrders({ limit: 2, cursor })).items, []);
    const late = await f.admin.createOrder(customerOrder());
    assert.deepEqual((await f.client.listOrders({ limit: 2, cursor })).items.map((o) => o.id), [late.id]);
  });

  void it('refuses a cursor it did not issue and a limit out of 1..200, naming the parameter', async () => {
    const err = await f.client.listOrders({ cursor: 'not-a-cursor' }).catch((e: unknown) => e);
    assert.ok(err instanceof Company1Error);
    assert.equal(err.kind, 'bad-request');
    assert.deepEqual(err.fields, ['cursor']);
    for (const limit of [0, 201]) {
      const res = await rawRequest(f.sandbox.url, 'GET', `/v1/orders?limit=${limit}`);
      assert.equal(res.status, 400);
      assert.deepEqual((res.body?.errors as { field: string }[]).map((e) => e.field), ['limit']);
    }
    const bad = await rawRequest(f.sandbox.url, 'GET', '/v1/orders?status=closed');
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body?.errors), /"field":"status/);
  });

  void it('refuses a cursor shaped like its own that it never issued (made up, edited, or from another sandbox)', async () => {
    const orders: Order[] = [];
    for (let i = 0; i < 3; i++) orders.push(await f.admin.createOrder(customerOrder()));
    const issued = (await f.client.listOrders({ limit: 1 })).nextCursor ?? '';
    const other = await startFixture();
    try {
      await other.admin.createOrder(customerOrder());
      const foreign = (await other.client.listOrders({ limit: 1 })).nextCursor ?? '';
      const madeUp = Buffer.from(JSON.stringify([0, '0'])).toString('base64url');
      const edited = `${issued.slice(0, -2)}${issued.endsWith('AA') ? 'AB' : 'AA'}`;
      for (const cursor of [madeUp, edited, foreign, `${issued}.x`]) {
        const err = await f.client.listOrders({ cursor }).catch((e: unknown) => e);
        assert.ok(err instanceof Company1Error, `${cursor} was accepted`);
        assert.equal(err.status, 400);
        assert.deepEqual(err.fields, ['cursor']);
      }
    } finally {
      await other.sandbox.close();
    }
    const rest = await f.client.listOrders({ cursor: issued });
    assert.deepEqual(rest.items.map((o) => o.id), [orders[1]!.id, orders[2]!.id]);
  });
});
