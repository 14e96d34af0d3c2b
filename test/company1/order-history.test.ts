import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerOrder, eventually, type Fixture, startFixture } from './fixture';

describe('Company 1 sandbox: each order’s change history (admin API)', () => {
  let fx: Fixture;
  before(async () => {
    fx = await startFixture({ stage: 1, autoCloseAfterMs: 300 });
  });
  after(() => fx.sandbox.close());

  it('who changed what: the partner’s accepted changes, not its refused or no-op ones; Company 1’s own close', async () => {
    const order = await fx.admin.createOrder({ ...customerOrder(), cost: 1000 });
    await fx.client.moveOrderStatus(order.id, 'on_approval', 'approved');
    await fx.client.changeOrder(order.id, { additionalInfo: { externalId: 7 } });
    await fx.client.changeOrder(order.id, { additionalInfo: { externalId: 7 } }); // the same again: no change
    await fx.client.moveOrderStatus(order.id, 'on_approval', 'approved'); // stale: refused
    await eventually('closed by Company 1', async () => ((await fx.admin.order(order.id)).status === 'executed' ? true : undefined));
    const history = await fx.admin.history(order.id);
    assert.deepEqual(
      history.map((h) => [h.by, h.event, h.changes]),
      [
        ['customer', 'created', { status: { from: null, to: 'on_approval' }, cost: { from: null, to: 1000 }, paid: { from: null, to: false }, subscription: { from: null, to: null } }],
        ['partner', 'changed', { status: { from: 'on_approval', to: 'approved' } }],
        ['partner', 'changed', { 'additionalInfo.externalId': { from: null, to: 7 } }],
        ['company1', 'closed', { status: { from: 'approved', to: 'executed' }, 'additionalInfo.closedByDetmir': { from: null, to: true } }],
      ],
    );
    assert.ok(history.every((h, i) => i === 0 || h.at > history[i - 1]!.at), 'in order');
  });

  it('an unknown order is a 404', async () => {
    await assert.rejects(fx.admin.history('no-such-order'), /404/);
  });
});
