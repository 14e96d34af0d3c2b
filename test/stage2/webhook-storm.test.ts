import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stateQuery } from '../../workflows/order/contract';
import { AMO_WEBHOOK_SECRET, useStage1 } from '../support/stage1';
import { orderInPhase } from '../support/stage2';
import { eventually, resultWithin } from '../support/wait';

/** A status_lead webhook body as amoCRM sends it (legacy v2, form-encoded), for one deal of one order. */
function statusHook(o: { dealId: number; orderId: string; statusId: number; pipelineId: number; modifiedAt: number; price: number }): string {
  const p = 'leads[status][0]';
  return new URLSearchParams({
    [`${p}[id]`]: String(o.dealId),
    [`${p}[name]`]: `Company 1 order ${o.orderId}`,
    [`${p}[status_id]`]: String(o.statusId),
    [`${p}[pipeline_id]`]: String(o.pipelineId),
    [`${p}[price]`]: String(o.price),
    [`${p}[last_modified]`]: String(o.modifiedAt),
    [`${p}[custom_fields][0][id]`]: '932792',
    [`${p}[custom_fields][0][name]`]: 'detmirOrderId',
    [`${p}[custom_fields][0][values][0][value]`]: o.orderId,
    'account[id]': '28805383',
    'account[subdomain]': 'company2',
  }).toString();
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe('stage 2: a storm of duplicated, shuffled webhooks', () => {
  const env = useStage1({ integrationStage: 2, company1Stage: 2 });

  it('1,000 webhooks for five orders: each action applied at most once, statuses never backwards', async () => {
    const pipeline = await env.s.amo.resolvePipeline('Company 2');
    const stages = ['Recorded for trial', 'Confirmed VU', 'Lesson passed', 'Waiting for payment', 'Payment received'];
    const orders = await Promise.all(Array.from({ length: 5 }, () => orderInPhase(env, 'following-deal')));
    // Manager moves of the last ten minutes, one a minute: Success (a real move, below) is newer.
    const movedAt = Math.floor(Date.now() / 1000) - 600;
    const hooks = shuffle(
      orders.flatMap((o) =>
        stages.flatMap((stage, i) => {
          const body = statusHook({ dealId: o.dealId, orderId: o.orderId, statusId: pipeline.stages[stage]!, pipelineId: pipeline.pipelineId, modifiedAt: movedAt + i * 60, price: 5_000 });
          return Array.from({ length: 40 }, () => body); // amoCRM retries: each event many times
        }),
      ),
    );
    assert.equal(hooks.length, 1_000);
    // Sent as amoCRM sends them: a 503 (the service busy past its deadline) is sent again later.
    const deliver = async (body: string): Promise<number> => {
      for (let attempt = 1; ; attempt += 1) {
        const answer = await fetch(`${env.s.webhookUrl}/amocrm/webhooks/${AMO_WEBHOOK_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
        if (answer.status !== 503 || attempt === 5) return answer.status;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    };
    const statuses: number[] = [];
    for (let i = 0; i < hooks.length; i += 20) statuses.push(...(await Promise.all(hooks.slice(i, i + 20).map(deliver))));
    assert.deepEqual([...new Set(statuses)], [200], 'every webhook acknowledged');

    // Payment received is the newest event of every order: once it is applied, the order is paid and in work.
    for (const o of orders) await eventually(`order ${o.orderId} paid`, async () => ((await o.handle.query(stateQuery)).deal?.paid === true ? true : undefined), 120_000);
    const patches = (await env.s.company1Admin.requests()).filter((r) => r.method === 'PATCH');
    for (const o of orders) {
      const mine = patches.filter((r) => r.url.endsWith(`/${o.orderId}`)).map((r) => r.body as { status?: { to: string }; cost?: number; paid?: boolean; additionalInfo?: unknown });
      const moves = mine.filter((b) => b.status).map((b) => b.status!.to);
      assert.deepEqual(moves, ['approved', 'in_work'], `order ${o.orderId}: each status once, in order`);
      assert.equal(mine.filter((b) => b.paid === true).length, 1, 'paid once');
      assert.ok(mine.filter((b) => b.cost !== undefined).length <= 1, 'cost at most once');
      const c1 = await env.s.company1Admin.order(o.orderId);
      assert.equal(c1.status, 'in_work');
      assert.equal(c1.paid, true);
    }

    // Success, once: the order closes as executed and its workflow ends.
    const [first] = orders;
    await env.s.amoAdmin.moveDeal(first!.dealId, 'Success');
    assert.equal((await resultWithin(first!.handle)).orderStatus, 'executed');
    for (const o of orders.slice(1)) await o.handle.terminate('test done');
  });
});
