import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { signNotification } from '../../company1/notification-signature';
import type { Order } from '../../company1/schemas';
import { customerOrder, NOTIFICATION_SECRET } from '../support/stage1';
import type { ProxyMode } from '../support/tcp-proxy';
import { useTemporalBehindProxy } from '../support/temporal-behind-proxy';
import { eventually, orderWorkflowHandle, resultWithin } from '../support/wait';

// amoCRM gives up on a webhook after 2 s, Company 1 after 5 s; both retry on a 5xx.
const SENDER_TIMEOUT_MS = 2_000;

describe('the webhook service answers within its sender’s timeout, also when Temporal is unreachable', () => {
  const env = useTemporalBehindProxy({ autoCloseAfterMs: 1_000 });

  const deliver = (order: Order) => {
    const body = JSON.stringify({ id: `evt-${randomUUID()}`, type: 'order.created', occurredAt: order.createdAt, order });
    return fetch(`${env.s.webhookUrl}/company1/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signNotification(NOTIFICATION_SECRET, body, Date.now() / 1000) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  };
  const timed = async <T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = performance.now();
    const value = await call();
    return { value, ms: performance.now() - started };
  };

  for (const mode of ['black-hole', 'closed'] as ProxyMode[]) {
    it(`Temporal ${mode === 'black-hole' ? 'silent' : 'refusing connections'}: a notification gets 503 in under 2 s, and the sender's retry starts the order once Temporal is back`, async () => {
      const { t, s, proxy } = env;
      await s.company1Admin.setFaults({ dropNotifications: 1 });
      const order = await s.company1Admin.createOrder(customerOrder());
      await s.company1Admin.clearFaults();
      proxy.setMode(mode);
      try {
        const { value: response, ms } = await timed(() => deliver(order));
        assert.equal(response.status, 503);
        assert.ok(ms < SENDER_TIMEOUT_MS, `answered after ${Math.round(ms)} ms`);
        const ready = await timed(() => fetch(`${s.webhookUrl}/readyz`, { signal: AbortSignal.timeout(10_000) }));
        assert.equal(ready.value.status, 503);
        assert.ok(ready.ms < SENDER_TIMEOUT_MS, `readiness answered after ${Math.round(ready.ms)} ms`);
      } finally {
        proxy.setMode('forward');
      }
      // The sender retries until a 2xx; each retry answers in time too.
      const late: number[] = [];
      await eventually('a retried delivery accepted', async () => {
        const { value: response, ms } = await timed(() => deliver(order));
        if (ms >= SENDER_TIMEOUT_MS) late.push(Math.round(ms));
        return response.status === 202 ? true : undefined;
      }, 20_000, 500);
      assert.deepEqual(late, [], 'retries answered after (ms)');
      assert.equal((await resultWithin(await orderWorkflowHandle(t.client, order.id))).phase, 'completed');
    });
  }

  it('an order created while Temporal is unreachable: Company 1’s first delivery gets a fast 503, a retry after Temporal is back starts its workflow', async () => {
      const { t, s, proxy } = env;
    proxy.setMode('black-hole');
    const order = await s.company1Admin.createOrder(customerOrder());
    try {
      const refused = await eventually('the first delivery answered', async () =>
        (await s.company1Admin.notifications()).find((n) => n.orderId === order.id && n.type === 'order.created' && n.attempt === 1),
      );
      assert.equal(refused.outcome, 'failed');
      assert.equal(refused.status, 503, `got ${refused.error ?? refused.status}`);
      assert.ok(Date.parse(refused.at) - Date.parse(order.createdAt) < SENDER_TIMEOUT_MS, `answered at ${refused.at}, order created at ${order.createdAt}`);
    } finally {
      proxy.setMode('forward');
    }
    const state = await resultWithin(await orderWorkflowHandle(t.client, order.id, 30_000));
    assert.equal(state.phase, 'completed');
    const deliveries = (await s.company1Admin.notifications()).filter((n) => n.orderId === order.id && n.type === 'order.created');
    assert.equal(deliveries.at(-1)?.outcome, 'delivered');
  });
});
