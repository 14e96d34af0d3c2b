import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { userContactWorkflowId } from '../../workflows/ids';
import { customerOrder, useStage1 } from '../support/stage1';
import { orderWorkflowHandle } from '../support/wait';

// The current code against itself: a workflow that cannot replay its own fresh history is
// nondeterministic (e.g. it reads the clock or a random number outside the SDK's APIs).
describe('fresh histories replay against the code that wrote them', () => {
  const env = useStage1({ autoCloseAfterMs: 500 });

  it("a completed order and its user's entity replay", async () => {
    const input = customerOrder();
    const order = await env.s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    await handle.result();
    const options = { workflowBundle: { codePath: env.t.workflowBundlePath } };
    await Worker.runReplayHistory(options, await handle.fetchHistory(), handle.workflowId);
    const entity = env.t.client.workflow.getHandle(userContactWorkflowId(input.userId));
    await Worker.runReplayHistory(options, await entity.fetchHistory(), entity.workflowId);
  });
});
