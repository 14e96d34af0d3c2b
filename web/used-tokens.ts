import { createHash } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { webviewTokenUseWorkflow } from '../workflows/webview/token-use';
import type { TokenUses } from './sign-in';

const TEMPORAL_DEADLINE_MS = 2_000;

/**
 * Single use across every webview process: each token's first use starts a workflow whose id is derived from its
 * `jti`, and Temporal refuses a second start with that id (REJECT_DUPLICATE). Temporal is the store, as everywhere
 * else; the webview keeps no state of its own.
 */
export class TemporalTokenUses implements TokenUses {
  constructor(private readonly client: Client, private readonly taskQueue: string) {}

  async claim(jti: string): Promise<boolean> {
    const workflowId = `webview-token-${createHash('sha256').update(jti).digest('hex').slice(0, 40)}`;
    try {
      await this.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        this.client.workflow.start<typeof webviewTokenUseWorkflow>('webviewTokenUseWorkflow', {
          workflowId,
          taskQueue: this.taskQueue,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          staticSummary: 'A webview sign-in token was used (kept so it cannot be used again)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }
}
