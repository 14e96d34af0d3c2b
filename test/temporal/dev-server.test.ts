import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { assertPortsFree, isPortFree, PortInUse } from '../../temporal/ports';
import { testTemporal } from '../support/temporal';
import { eventually } from '../support/wait';

describe('the Temporal dev server', () => {
  it('has every custom search attribute of temporal/search-attributes.ts registered', async () => {
    const t = await testTemporal();
    try {
      const connection = await Connection.connect({ address: t.address });
      const listed = await connection.operatorService.listSearchAttributes({ namespace: t.namespace });
      await connection.close();
      const custom = Object.keys(listed.customAttributes ?? {});
      for (const key of SEARCH_ATTRIBUTES) assert.ok(custom.includes(key.name), `${key.name} is registered`);
    } finally {
      await t.close();
    }
  });

  it('a port already in use gives a message naming the port and the setting, not a hang', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(
        assertPortsFree([{ port, setting: 'DEV_SERVER_PORT', what: 'Temporal frontend' }], '127.0.0.1'),
        (err: Error) => err instanceof PortInUse && err.message.includes(String(port)) && err.message.includes('DEV_SERVER_PORT'),
      );
    } finally {
      blocker.close();
    }
  });

  it('does not outlive a parent killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'fixtures', 'dev-server-parent.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        const match = /ready (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
    });
    assert.equal(await isPortFree(port), false, 'the server is listening');
    parent.kill('SIGKILL');
    await eventually('the orphaned dev server to stop', async () => ((await isPortFree(port)) ? true : undefined), 20_000);
  });
});
