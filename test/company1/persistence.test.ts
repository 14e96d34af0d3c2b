// persistFile: orders survive a restart, and stage-1 auto-close still happens for reloaded orders.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { NewOrder } from '../../company1/schemas';
import { customerOrder, eventually, startFixture } from './fixture';

const booking: NewOrder = {
  userId: 'u-persist',
  customer: { firstName: 'Olga', lastName: 'Ivanova', phone: '+79995554433' },
  service: { id: 'trial', name: 'Trial lesson' },
};

void describe('persisted sandbox state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'company1-sandbox-'));
  const persistFile = join(dir, 'orders.json');
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('keeps orders, ids and idempotency keys across a restart, and closes reloaded orders in stage 1', async () => {
    const first = await startFixture({ stage: 2, persistFile });
    const created = await first.admin.createOrder(customerOrder());
    await first.client.changeOrder(created.id, { additionalInfo: { contactId: 7 } });
    const booked = await first.client.createOrder(booking, 'persist-key');
    await first.sandbox.close();
    assert.deepEqual(readdirSync(dir), ['orders.json'], 'no temp file left behind');

    const second = await startFixture({ stage: 1, autoCloseAfterMs: 200, persistFile });
    try {
      const reloaded = await eventually('the reloaded order to be closed', async () => {
        const order = await second.client.getOrder(created.id);
        return order.status === 'executed' ? order : undefined;
      });
      assert.deepEqual(reloaded.additionalInfo, { contactId: 7, closedByDetmir: true });
      assert.equal((await second.client.createOrder(booking, 'persist-key')).id, booked.id);
      const next = await second.admin.createOrder(customerOrder());
      assert.equal(Number(next.id), Number(booked.id) + 1);
    } finally {
      await second.sandbox.close();
    }
  });

  void it('a feed cursor issued before a restart still reads on after it', async () => {
    const file = join(dir, 'cursors.json');
    const first = await startFixture({ stage: 2, persistFile: file });
    const [a, b] = [await first.admin.createOrder(customerOrder()), await first.admin.createOrder(customerOrder())];
    const page = await first.client.listOrders({ limit: 1 });
    await first.sandbox.close();
    assert.deepEqual(page.items.map((o) => o.id), [a.id]);

    const second = await startFixture({ stage: 2, persistFile: file });
    try {
      const rest = await second.client.listOrders({ cursor: page.nextCursor ?? undefined });
      assert.deepEqual(rest.items.map((o) => o.id), [b.id]);
    } finally {
      await second.sandbox.close();
    }
  });
});
