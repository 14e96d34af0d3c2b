// The sandbox's corruptOrders fault: Company 1 serving one order with a field its contract does not allow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Company1Error } from '../../company1/errors';
import { customerOrder, eventually, rawRequest, startFixture, type Fixture } from './fixture';
import { startReceiver, type NotificationReceiver } from './notification-receiver';

void describe('the corruptOrders fault', () => {
  let receiver: NotificationReceiver;
  let f: Fixture;
  before(async () => {
    receiver = await startReceiver();
    f = await startFixture({ subscribers: [{ url: receiver.url, secret: 'subscriber-secret' }] });
  });
  after(async () => {
    await f.sandbox.close();
    await receiver.close();
  });

  void it('serves the named order with the field changed in reads, the feed and notifications, and only that order', async () => {
    const bad = await f.admin.createOrder(customerOrder());
    const good = await f.admin.createOrder(customerOrder());
    await f.admin.setFaults({ corruptOrders: [{ orderId: bad.id, field: 'status', value: 'on_hold' }] });

    assert.equal((await rawRequest(f.sandbox.url, 'GET', `/v1/orders/${bad.id}`)).body?.status, 'on_hold');
    const err = await f.client.getOrder(bad.id).catch((e: unknown) => e);
    assert.ok(err instanceof Company1Error && err.kind === 'bad-response');
    assert.deepEqual(err.fields, ['status']);
    assert.equal((await f.client.getOrder(good.id)).status, 'on_approval');

    const feed = await f.client.readOrderFeed({});
    assert.deepEqual(
      feed.items.map((i) => (i.ok ? i.order.id : i)),
      [{ ok: false, orderId: bad.id, fields: ['status'] }, good.id],
    );

    const change = await rawRequest(f.sandbox.url, 'PATCH', `/v1/orders/${bad.id}`, { paid: true });
    assert.equal(change.body?.status, 'on_hold');
    const notified = await eventually('the change notified', () => receiver.deliveries.find((d) => d.rawBody.includes('order.changed')));
    assert.equal((JSON.parse(notified.rawBody) as { order: { status: string } }).order.status, 'on_hold');

    assert.equal((await f.admin.order(bad.id)).status, 'on_approval', 'the admin API shows the truth');
    await f.admin.clearFaults();
    assert.equal((await f.client.getOrder(bad.id)).status, 'on_approval');
  });

  void it('refuses a field orders do not have, naming it', async () => {
    const res = await fetch(`${f.sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ corruptOrders: [{ orderId: '1', field: 'colour', value: 'red' }] }),
    });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(await res.json()), /corruptOrders\.0\.field/);
  });
});
