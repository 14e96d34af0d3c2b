// `npm run amocrm:subscribe` against an account (the sandbox standing in for amoCRM).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type AmoFixture, startFixture, TOKEN } from './fixture';

const ROOT = resolve(__dirname, '../..');

async function subscribe(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const { TEMPORAL_ADDRESS: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'client/amocrm-subscribe.ts'], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

describe('npm run amocrm:subscribe', () => {
  let fx: AmoFixture;
  let account: Record<string, string>;
  before(async () => {
    fx = await startFixture();
    account = { INTEGRATION_STAGE: '2', AMOCRM_BASE_URL: fx.sandbox.url, AMOCRM_LONG_LIVED_TOKEN: TOKEN, AMOCRM_WEBHOOK_SECRET: 'the-secret-path', LOG_LEVEL: 'warn' };
  });
  after(() => fx.close());

  it('subscribes the public URL to deal moves, again without a second hook, and never prints the secret', async () => {
    const env = { ...account, WEBHOOK_PUBLIC_URL: 'https://hooks.example.org/c2/' };
    const first = await subscribe(env);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /^Created amoCRM webhook \d+: https:\/\/hooks\.example\.org\/c2\/amocrm\/webhooks\/<AMOCRM_WEBHOOK_SECRET> for status_lead$/m);
    const again = await subscribe(env);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /^Updated amoCRM webhook/m);
    for (const out of [first.out, again.out]) assert.ok(!out.includes('the-secret-path'), 'the secret is not printed');
    const hooks = await fx.client.listWebhooks();
    assert.deepEqual(hooks.map((h) => [h.destination, h.settings]), [['https://hooks.example.org/c2/amocrm/webhooks/the-secret-path', ['status_lead']]]);
  });

  it('without WEBHOOK_PUBLIC_URL a real account cannot be subscribed: exit 1 naming the setting', async () => {
    const { code, out } = await subscribe(account);
    assert.equal(code, 1);
    assert.match(out, /amocrm:subscribe: set WEBHOOK_PUBLIC_URL/);
  });
});
