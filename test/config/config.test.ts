import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../config';
import { renderEnvExample } from '../../scripts/env-example';

const root = join(__dirname, '..', '..');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems.map((p) => p.key);
  }
  return [];
}

describe('configuration', () => {
  it('has working defaults: embedded dev server, sandboxes, stage 1, the 4-hour rule', () => {
    const config = loadConfig({});
    assert.equal(config.temporal.address, undefined);
    assert.deepEqual(config.temporal.devServer, { ip: '127.0.0.1', port: 7233, uiPort: 8233, dbFile: '.data/temporal.sqlite' });
    assert.deepEqual(config.temporal.taskQueues, { orders: 'orders', amocrm: 'amocrm' });
    assert.equal(config.stage, 1);
    assert.equal(config.stage1.autoCloseAfterMs, 4 * 3_600_000);
    assert.equal(config.amocrm.auth.kind, 'sandbox');
    assert.equal(config.amocrm.requestsPerSecond, 7, "amoCRM's limit, shared by every worker process");
    assert.ok(config.temporal.amocrmActivitiesPerSecond > 7, 'the queue pre-filter never starves the shared budget');
  });

  it('names the key of a bad value', () => {
    assert.deepEqual(problemsOf({ TEMPORAL_ADDRESS: 'not-an-address' }), ['TEMPORAL_ADDRESS']);
    assert.deepEqual(problemsOf({ DEV_SERVER_PORT: '70000' }), ['DEV_SERVER_PORT']);
    assert.deepEqual(problemsOf({ STAGE1_AUTO_CLOSE_AFTER: 'four hours' }), ['STAGE1_AUTO_CLOSE_AFTER']);
    assert.deepEqual(problemsOf({ TEMPORAL_TLS: 'maybe' }), ['TEMPORAL_TLS']);
  });

  it('requires the settings that go together', () => {
    assert.deepEqual(problemsOf({ COMPANY1_BASE_URL: 'https://partner.example' }).sort(), ['COMPANY1_API_KEY', 'COMPANY1_NOTIFICATION_SECRET']);
    assert.deepEqual(problemsOf({ AMOCRM_BASE_URL: 'https://c2.amocrm.ru', AMOCRM_CLIENT_ID: 'x' }).sort(), ['AMOCRM_CLIENT_SECRET', 'AMOCRM_REDIRECT_URI', 'AMOCRM_TOKEN_KEY']);
    const oauth = { AMOCRM_BASE_URL: 'https://c2.amocrm.ru', AMOCRM_CLIENT_ID: 'x', AMOCRM_CLIENT_SECRET: 'y', AMOCRM_REDIRECT_URI: 'https://r.example/cb' };
    assert.deepEqual(problemsOf({ ...oauth, AMOCRM_TOKEN_STORE: 'file' }), [], 'tokens on one host need no key');
    assert.deepEqual(problemsOf({ ...oauth, AMOCRM_TOKEN_KEY: Buffer.alloc(16).toString('base64') }), ['AMOCRM_TOKEN_KEY'], 'a key must be 32 bytes');
    assert.deepEqual(problemsOf({ ...oauth, AMOCRM_TOKEN_KEY: Buffer.alloc(32, 1).toString('base64') }), []);
    assert.deepEqual(problemsOf({ AMOCRM_BASE_URL: 'https://c2.amocrm.ru', AMOCRM_LONG_LIVED_TOKEN: 'x' }), []);
    assert.deepEqual(problemsOf({ TEMPORAL_TLS_CERT_PATH: '/c.pem' }), ['TEMPORAL_TLS_KEY_PATH']);
  });

  it('parses durations and treats empty values as unset', () => {
    const config = loadConfig({ STAGE1_GRACE: '90s', FEED_POLL_EVERY: '250ms', TEMPORAL_NAMESPACE: '' });
    assert.equal(config.stage1.graceMs, 90_000);
    assert.equal(config.company1.feedPollEveryMs, 250);
    assert.equal(config.temporal.namespace, 'default');
  });

  it('.env.example documents exactly the keys the schema reads', () => {
    assert.equal(readFileSync(join(root, '.env.example'), 'utf8'), renderEnvExample(), 'run `npx tsx scripts/env-example.ts`');
  });

  it('a process with a bad setting exits non-zero naming the key, before connecting anywhere', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'workers', 'main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: 'not-an-address' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /TEMPORAL_ADDRESS: expected host:port/);
  });
});
