// The README's stage-1 quick start, as a user runs it: `npm start`, then `npm run demo:order`, which
// creates an order in the Company 1 sandbox and prints its workflow, its deal and, last, the order id.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runNpmScript, useNpmStart } from '../support/npm-start';

describe('quick start, stage 1: npm start and npm run demo:order', () => {
  const system = useNpmStart(() => Promise.resolve({}));

  it("the demo's order gets its deal, and the last line is the order id", async () => {
    const { code, out } = await runNpmScript('demo:order', system.env);
    assert.equal(code, 0, `demo:order failed:\n${out}\n--- npm start:\n${system.output}`);
    const orderId = out.trim().split('\n').at(-1)!;
    assert.match(orderId, /^\d+$/);
    assert.match(out, new RegExp(`Workflow order-${orderId}: amoCRM deal \\d+, contact \\d+, now [a-z-]+`));
  });
});
