import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AmoClient } from '../../amocrm';
import { AmocrmAccount } from '../../coordination/amocrm-account';
import { RequestShareLease } from '../../coordination/request-share-lease';
import type { Logger } from '../../logging/logger';
import { type TestTemporal, testTemporal } from '../support/temporal';

// Stopping the lease while a renewal is still waiting for the coordinator: a worker's shutdown
// (its own workers are gone, so the coordinator may not answer). The renewal is cancelled, stop()
// returns, and the connection closes without the client retrying a cut call on a closed channel.

function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void lines.push(message),
    error: (message) => void lines.push(message),
    child: () => logger,
  };
  return logger;
}

void describe('request-share lease: stop()', () => {
  let t: TestTemporal;
  before(async () => {
    t = await testTemporal();
  });
  after(() => t.close());

  void it('cancels a renewal the coordinator does not answer, and ends quietly', { timeout: 20_000 }, async () => {
    // No worker polls this queue: the coordinator is started, but no update can be answered.
    const account = new AmocrmAccount(t.client, { account: `lease-stop-${Date.now()}`, taskQueue: `${t.taskQueues.orders}-nobody`, requestsPerSecond: 7 });
    const amo = new AmoClient({ baseUrl: 'http://127.0.0.1:9', auth: { kind: 'long-lived', token: 'unused' }, sharedRateLimit: true });
    const warnings: string[] = [];
    // A renewal would wait a minute for its answer before giving up.
    const lease = new RequestShareLease(account, amo, recordingLogger(warnings), { leaseMs: 60_000, renewEveryMs: 1_500 });
    lease.start();
    await new Promise((r) => setTimeout(r, 1_000));
    await lease.stop();
    assert.deepEqual(warnings, [], 'a cancelled renewal is not a failure to report');
    // Started again and stopped again, it behaves the same (a test harness restarts workers this way).
    lease.start();
    await new Promise((r) => setTimeout(r, 500));
    await lease.stop();
    assert.deepEqual(warnings, []);
    await t.client.workflow.getHandle(account.workflowId).terminate('test done').catch(() => undefined);
  });
});
