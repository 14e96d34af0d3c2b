// `npm run sandbox:company1` flags.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../../sandbox/company1/cli-args';

void describe('sandbox command line', () => {
  void it('turns flags into options', () => {
    const parsed = parseCliArgs([
      '--port', '8091', '--api-key', 'k', '--stage', '2', '--auto-close-ms', '1000',
      '--notify-url', 'http://127.0.0.1:3000/c1', '--notify-secret', 's', '--persist', '/tmp/c1.json',
    ]);
    assert.deepEqual(parsed, {
      ok: true,
      options: {
        apiKey: 'k',
        host: undefined,
        port: 8091,
        stage: 2,
        autoCloseAfterMs: 1000,
        subscribers: [{ url: 'http://127.0.0.1:3000/c1', secret: 's' }],
        persistFile: '/tmp/c1.json',
      },
    });
  });

  void it('stage 3: the webview the app page opens', () => {
    const parsed = parseCliArgs(['--api-key', 'k', '--stage', '3', '--webview-url', 'http://localhost:7303']);
    assert.equal(parsed.ok && parsed.options.webviewUrl, 'http://localhost:7303');
  });

  const bad: [string[], RegExp][] = [
    [['--port', '1'], /--api-key/],
    [['--api-key', 'k', '--port', 'eighty'], /--port/],
    [['--api-key', 'k', '--stage', '4'], /--stage/],
    [['--api-key', 'k', '--auto-close-ms', '-5'], /--auto-close-ms/],
    [['--api-key', 'k', '--notify-url', 'http://x'], /--notify-secret/],
    [['--api-key', 'k', '--notify-url', 'ftp://x', '--notify-secret', 's'], /--notify-url/],
    [['--api-key', 'k', '--colour'], /--colour/],
    [['--api-key', 'k', '--webview-url', 'localhost:7303'], /--webview-url/],
  ];
  for (const [argv, names] of bad) {
    void it(`refuses ${argv.join(' ')} naming the flag`, () => {
      const parsed = parseCliArgs(argv);
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.message, names);
    });
  }

  void it('exits with code 2 and names the flag on bad arguments', () => {
    const root = join(__dirname, '../..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'sandbox/company1/main.ts', '--api-key', 'k', '--stage', 'nine'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--stage/);
  });
});
