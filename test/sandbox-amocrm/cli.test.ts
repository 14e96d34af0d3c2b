// The sandbox:amocrm CLI: argument validation, serving with the given token, clean stop.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../../sandbox/amocrm/cli-args';
import { apiClient } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'sandbox/amocrm/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function collect(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

void describe('argument parsing', () => {
  void it('rejects bad ports and unknown flags', () => {
    assert.throws(() => parseCliArgs(['--port', 'abc']), /Invalid --port/);
    assert.throws(() => parseCliArgs(['--port', '70000']), /Invalid --port/);
    assert.throws(() => parseCliArgs(['--frobnicate']), /Unknown option/);
    assert.throws(() => parseCliArgs(['--oauth-client', 'id-only']), /--oauth-client/);
  });

  void it('maps flags onto sandbox options', () => {
    const options = parseCliArgs(['--port', '3100', '--token', 'a', '--token', 'b', '--oauth-client', 'id:secret:https://x.example/cb', '--no-rate-limit']);
    assert.notEqual(options, 'help');
    assert.deepEqual(options, {
      port: 3100, host: '127.0.0.1', subdomain: undefined, longLivedTokens: ['a', 'b'],
      oauthClients: [{ clientId: 'id', clientSecret: 'secret', redirectUri: 'https://x.example/cb' }], rateLimit: false, logRequests: false,
    });
  });
});

void describe('process', () => {
  void it('exits 2 with a clear message on a bad port', async () => {
    const { code, stderr } = await collect(runCli(['--port', 'nope']));
    assert.equal(code, 2);
    assert.match(stderr, /Invalid --port "nope"/);
  });

  void it('prints its URL, accepts the token and stops on SIGTERM', async () => {
    const child = runCli(['--port', '0', '--token', 'cli-token']);
    const exited = collect(child);
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`exited before listening: ${out}`)));
    });
    assert.equal((await apiClient(url, 'cli-token').get('/api/v4/leads/pipelines')).status, 200);
    assert.equal((await apiClient(url, 'other').get('/api/v4/leads/pipelines')).status, 401);
    child.kill('SIGTERM');
    assert.equal((await exited).code, 0);
  });
});
