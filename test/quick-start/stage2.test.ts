// The README's stage-2 quick start, as a user runs it: `INTEGRATION_STAGE=2 npm start` (its own dev
// server with SQLite, both sandboxes, the worker, the webhook service, the amoCRM webhook
// subscription), then `npm run demo:stage2` walking one order's deal through every stage.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runNpmScript, useNpmStart } from '../support/npm-start';

describe('quick start, stage 2: npm start and npm run demo:stage2', () => {
  const system = useNpmStart(() => Promise.resolve({ INTEGRATION_STAGE: '2' }));

  it('says the webhooks are subscribed, and the demo walks the order to executed, paid, with its subscription', async () => {
    assert.match(system.output, /amoCRM webhooks\s+status_lead → the webhook service/);
    const { code, out } = await runNpmScript('demo:stage2', system.env);
    assert.equal(code, 0, `demo:stage2 failed:\n${out}\n--- npm start:\n${system.output}`);
    for (const stage of ['Recorded for trial', 'Confirmed VU', 'Waiting for payment', 'Payment received', 'Another lesson passed', 'Success']) {
      assert.match(out, new RegExp(`deal → ${stage}`), `printed the move to ${stage}`);
    }
    assert.match(out, /completed: executed/);
    const final = JSON.parse(out.trim().split('\n').at(-1)!) as { status: string; paid: boolean; cost: number; subscription: { state: string; lessonsTotal: number; lessonsUsed: number } };
    assert.equal(final.status, 'executed');
    assert.equal(final.paid, true);
    assert.equal(final.cost, 4900);
    assert.deepEqual([final.subscription.state, final.subscription.lessonsTotal, final.subscription.lessonsUsed], ['active', 4, 1]);
  });
});
