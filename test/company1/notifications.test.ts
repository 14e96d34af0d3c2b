// The sandbox as Company 1 tells subscribers: signed deliveries, retries, stage-1 auto-close, faults.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { verifyNotification } from '../../company1/notification-signature';
import type { OrderNotification } from '../../company1/schemas';
import { customerOrder, eventually, startFixture, type Fixture } from './fixture';
import { startReceiver, type Delivery, type NotificationReceiver } from './notification-receiver';

const SECRET = 'subscriber-secret';

function verified(d: Delivery): OrderNotification {
  const result = verifyNotification({
    secret: SECRET,
    rawBody: d.rawBody,
    timestampHeader: d.headers['x-company1-timestamp'],
    signatureHeader: d.headers['x-company1-signature'],
  });
  assert.ok(result.ok, `delivery refused: ${result.ok ? '' : result.reason}`);
  return result.notification;
}

void describe('notifications and stage behaviour', () => {
  let receiver: NotificationReceiver;
  let f: Fixture;
  before(async () => {
    receiver = await startReceiver([500, 503]);
    f = await startFixture({
      stage: 1,
      autoCloseAfterMs: 200,
      subscribers: [{ url: receiver.url, secret: SECRET }],
      notificationRetry: { attempts: 5, baseDelayMs: 10 },
    });
  });
  after(async () => {
    await f.sandbox.close();
    await receiver.close();
  });

  // What the subscriber accepted (refused attempts are retried, so they would show up twice).
  const eventsFor = (orderId: string) =>
    receiver.deliveries.filter((d) => d.answeredStatus === 200).map(verified).filter((n) => n.order.id === orderId);

  void it('stage 1: Company 1 closes the order as executed with closedByDetmir, and says so in a signed order.changed', async () => {
    const created = await f.admin.createOrder(customerOrder());
    const closed = await eventually('the auto-close', async () => {
      const order = await f.client.getOrder(created.id);
      return order.status === 'executed' ? order : undefined;
    });
    assert.equal(closed.additionalInfo.closedByDetmir, true);
    const events = await eventually('both notifications', () => {
      const e = eventsFor(created.id);
      return e.length >= 2 ? e : undefined;
    });
    assert.deepEqual(events.map((e) => [e.type, e.order.status]), [
      ['order.created', 'on_approval'],
      ['order.changed', 'executed'],
    ]);
    assert.equal(events[1]?.order.additionalInfo.closedByDetmir, true);
  });

  void it('retries a delivery the subscriber refused, with the same event id', async () => {
    const attempts = await f.admin.notifications();
    const first = attempts[0]!;
    const sameEvent = attempts.filter((a) => a.eventId === first.eventId);
    assert.deepEqual(sameEvent.map((a) => [a.attempt, a.outcome, a.status]), [
      [1, 'failed', 500],
      [2, 'failed', 503],
      [3, 'delivered', 200],
    ]);
  });

  void it('every change a partner makes is announced as order.changed, in order', async () => {
    const created = await f.admin.createOrder(customerOrder());
    await f.client.moveOrderStatus(created.id, 'on_approval', 'approved');
    await f.client.changeOrder(created.id, { additionalInfo: { contactId: 1 } });
    const events = await eventually('three notifications', () => {
      const e = eventsFor(created.id);
      return e.length >= 3 ? e : undefined;
    });
    assert.deepEqual(events.slice(0, 3).map((e) => e.type), ['order.created', 'order.changed', 'order.changed']);
    assert.deepEqual(events.slice(0, 3).map((e) => e.order.status), ['on_approval', 'approved', 'approved']);
  });

  void it('a change that alters nothing (the same nested additionalInfo, keys in another order) is not announced', async () => {
    await f.admin.setStage(2); // no auto-close event in between
    const created = await f.admin.createOrder(customerOrder());
    await f.client.changeOrder(created.id, { additionalInfo: { crm: { lead: 1, owner: { id: 2, name: 'Olga' } } } });
    await f.client.changeOrder(created.id, { additionalInfo: { crm: { owner: { name: 'Olga', id: 2 }, lead: 1 } } });
    await f.client.changeOrder(created.id, { cost: 990 });
    // One queue per order: had the no-op been announced, its event would come before the cost change's.
    const events = await eventually('the cost change to be announced', () => {
      const e = eventsFor(created.id);
      return e.some((n) => n.order.cost === 990) ? e : undefined;
    });
    assert.deepEqual(events.map((e) => [e.type, e.order.cost]), [
      ['order.created', null],
      ['order.changed', null],
      ['order.changed', 990],
    ]);
    await f.admin.setStage(1, 200);
  });

  void it('stage 2: orders are not closed by Company 1', async () => {
    await f.admin.setStage(2, 50);
    const created = await f.admin.createOrder(customerOrder());
    await sleep(400); // several times the configured delay; nothing must happen
    assert.equal((await f.client.getOrder(created.id)).status, 'on_approval');
    await f.admin.setStage(1, 200);
  });

  void it('the dropNotifications fault loses deliveries (logged as dropped)', async () => {
    await f.admin.setFaults({ dropNotifications: 1 });
    const created = await f.admin.createOrder(customerOrder());
    await f.admin.clearFaults();
    const dropped = await eventually('the dropped attempt', async () =>
      (await f.admin.notifications()).find((a) => a.orderId === created.id && a.outcome === 'dropped'),
    );
    assert.equal(dropped.type, 'order.created');
  });
});
