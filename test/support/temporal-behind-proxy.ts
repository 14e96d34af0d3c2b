import { after, before } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { startStage1, type Stage1, type Stage1Options } from './stage1';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { testTemporal, type TestTemporal } from './temporal';

/**
 * Suite setup where only the webhook service's (and the in-process worker's client's) link to
 * Temporal goes through a proxy a test can break; workers poll and the test looks directly.
 */
export function useTemporalBehindProxy(options: Stage1Options): { t: TestTemporal; s: Stage1; proxy: TcpProxy } {
  const env = {} as { t: TestTemporal; s: Stage1; proxy: TcpProxy; proxied: Connection };
  before(async () => {
    env.t = await testTemporal();
    env.proxy = await startTcpProxy(env.t.address);
    env.proxied = await Connection.connect({ address: env.proxy.address });
    env.s = await startStage1({ ...env.t, client: new Client({ connection: env.proxied, namespace: env.t.namespace }) }, options);
  });
  after(async () => {
    env.proxy?.setMode('forward');
    await env.s?.close();
    await env.proxied?.close();
    await env.proxy?.close();
    await env.t?.close();
  });
  return env;
}
