import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../logging/logger';
import { startOpsServer } from '../../metrics/ops-server';
import { amoRequests, endpointOf } from '../../metrics/registry';

const log = createLogger('test', 40);

describe('ops port: /metrics, /livez, /readyz', () => {
  it('serves our metrics with the extra (SDK) text, liveness, and readiness naming each check', async () => {
    let temporalUp = true;
    const ops = await startOpsServer({
      what: 'test process',
      host: '127.0.0.1',
      port: 0,
      readiness: {
        temporal: () => (temporalUp ? Promise.resolve() : Promise.reject(new Error('connection refused'))),
        slow: () => new Promise<void>(() => undefined),
      },
      extraMetrics: () => Promise.resolve('temporal_example_total 3\n'),
      log,
    });
    try {
      amoRequests.inc({ endpoint: endpointOf('/api/v4/leads/42/notes'), method: 'POST', status: '200' });
      const metrics = await (await fetch(`${ops.url}/metrics`)).text();
      assert.match(metrics, /^c1amo_amocrm_requests_total\{endpoint="\/api\/v4\/leads\/:id\/notes",method="POST",status="200"\} 1$/m);
      assert.match(metrics, /^temporal_example_total 3$/m);
      assert.match(metrics, /^c1amo_process_resident_memory_bytes \d+/m);

      assert.equal((await fetch(`${ops.url}/livez`)).status, 200);
      const notReady = await fetch(`${ops.url}/readyz`);
      assert.equal(notReady.status, 503);
      assert.deepEqual(await notReady.json(), { ready: false, checks: { temporal: 'ok', slow: 'failing: no answer within 2 s' } });
      temporalUp = false;
      const body = (await (await fetch(`${ops.url}/readyz`)).json()) as { checks: Record<string, string> };
      assert.equal(body.checks.temporal, 'failing: connection refused');
      assert.equal((await fetch(`${ops.url}/nothing`)).status, 404);
      // A drain starts: not ready any more, still alive.
      ops.markStopping();
      const stopping = await fetch(`${ops.url}/readyz`);
      assert.equal(stopping.status, 503);
      assert.equal(((await stopping.json()) as { stopping?: boolean }).stopping, true);
      assert.equal((await fetch(`${ops.url}/livez`)).status, 200);
    } finally {
      await ops.close();
    }
  });

  it('a busy port stops the process with a message naming OPS_PORT', async () => {
    const first = await startOpsServer({ what: 'worker', host: '127.0.0.1', port: 0, readiness: {}, log });
    try {
      const port = Number(new URL(first.url).port);
      await assert.rejects(startOpsServer({ what: 'worker', host: '127.0.0.1', port, readiness: {}, log }), /OPS_PORT \d+ on 127\.0\.0\.1 is in use: give the worker another OPS_PORT/);
    } finally {
      await first.close();
    }
  });

  it('endpoint labels carry no ids', () => {
    assert.equal(endpointOf('/api/v4/leads/123'), '/api/v4/leads/:id');
    assert.equal(endpointOf('/api/v4/contacts?query=x'), '/api/v4/contacts');
    assert.equal(endpointOf('/api/v4/leads/complex'), '/api/v4/leads/complex');
  });
});
