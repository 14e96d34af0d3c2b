import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { TokenSealer } from '../../coordination/token-sealer';
import { freePort } from '../../temporal/ports';
import { stateQuery } from '../../workflows/order/contract';
import { OAUTH_APP, oauthWorkerSettings } from '../amocrm/oauth-app';
import { readableHistory } from '../support/readable-history';
import { COMPANY1_API_KEY, customerOrder, NOTIFICATION_SECRET } from '../support/stage1';
import { eventually, orderWorkflowHandle, resultWithin } from '../support/wait';
import { useWorkerProcesses } from '../support/worker-process';

const ROOT = join(__dirname, '..', '..');
const KEY = randomBytes(32).toString('base64');

// Every process at debug level, a full order, then a failed OAuth refresh (its refresh token spent
// elsewhere): all they print is JSON lines, and none holds a secret or the customer's name or phone.
describe('logs: JSON lines, with no secret and no personal data, also when an OAuth refresh fails', () => {
  const oauthEnv = { LOG_LEVEL: 'debug', ...oauthWorkerSettings(KEY) };
  const env = useWorkerProcesses({ autoCloseAfterMs: 300, amoSandbox: { oauthClients: [OAUTH_APP], accessTokenTtlSeconds: 2 } }, [oauthEnv]);

  it('a full order and a refused refresh: the order waits flagged, and no output holds a token, key, secret, name or phone', async () => {
    const { t, s, workers } = env;
    const common = { PATH: process.env.PATH, DOTENV: 'off', TEMPORAL_ADDRESS: t.address, TEMPORAL_TASK_QUEUE: t.taskQueues.orders, TEMPORAL_AMOCRM_TASK_QUEUE: t.taskQueues.amocrm };
    // The webhook service as its own process at debug level, notified by Company 1 like the harness's.
    const webhookPort = await freePort();
    const webhook = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'webhooks', 'main.ts')], {
      cwd: ROOT,
      env: { ...common, LOG_LEVEL: 'debug', OPS_PORT: '0', WEBHOOK_PORT: String(webhookPort), COMPANY1_NOTIFICATION_SECRET: NOTIFICATION_SECRET, COMPANY1_API_KEY, COMPANY1_BASE_URL: s.company1Url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let webhookOutput = '';
    webhook.stdout.on('data', (c: Buffer) => (webhookOutput += c.toString()));
    webhook.stderr.on('data', (c: Buffer) => (webhookOutput += c.toString()));
    try {
      await eventually('the webhook service', () => Promise.resolve(webhookOutput.includes('Webhook service listening') ? true : undefined));
      await s.company1Admin.addSubscriber(`http://127.0.0.1:${webhookPort}/company1/notifications`, NOTIFICATION_SECRET);

      const { code } = await s.amoAdmin.issueAuthCode(OAUTH_APP.clientId);
      const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'client', 'amocrm-oauth.ts'), '--code', code], {
        cwd: ROOT,
        env: { ...common, AMOCRM_BASE_URL: s.amoSandbox.url, ...oauthEnv },
      });

      // A full order, with a customer whose name and phone are easy to find.
      const customer = { firstName: 'Evdokia', lastName: 'Zvonareva', phone: '+79995551234' };
      const first = await s.company1Admin.createOrder({ ...customerOrder(), customer });
      assert.equal((await resultWithin(await orderWorkflowHandle(t.client, first.id), 60_000)).phase, 'completed');

      // Someone else spends the stored refresh token: the worker's next refresh is refused for good.
      const sealer = new TokenSealer(Buffer.from(KEY, 'base64'), s.account.settings.account);
      const pairs = () =>
        t.client.workflow
          .getHandle(s.account.workflowId)
          .fetchHistory()
          .then((h) => [...new Set(readableHistory(h).match(/v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+/g) ?? [])].map((sealed) => sealer.unseal(sealed)));
      const latest = (await pairs()).at(-1)!;
      const spent = await fetch(`${s.amoSandbox.url}/oauth2/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: OAUTH_APP.clientId, client_secret: OAUTH_APP.clientSecret, redirect_uri: OAUTH_APP.redirectUri, grant_type: 'refresh_token', refresh_token: latest.refreshToken }),
      });
      assert.equal(spent.status, 200);
      const stolen = (await spent.json()) as { access_token: string; refresh_token: string };
      await new Promise((r) => setTimeout(r, 2_500)); // the worker's access token expires

      const second = await s.company1Admin.createOrder({ ...customerOrder(), customer });
      const handle = await orderWorkflowHandle(t.client, second.id);
      const flagged = await eventually('the second order flagged', async () => {
        const state = await handle.query(stateQuery);
        return state.needsAttention ? state : undefined;
      }, 60_000);
      assert.match(flagged.attentionReason ?? '', /revoked|re-authorize|AmoTokenRevoked|AmoUnauthorized/i);
      const problems = () => workers[0]!.output().split('\n').filter((l) => l.includes('"level":"error"') || l.includes('"level":"warn"')).join('\n');
      await eventually('the refused refresh in the worker log', () => Promise.resolve(/token|authoriz/i.test(problems()) ? true : undefined));

      const outputs = { worker: workers[0]!.output(), 'webhook service': webhookOutput, 'amocrm:oauth': cli.stdout + cli.stderr };
      const secrets: Record<string, string> = {
        'client secret': OAUTH_APP.clientSecret,
        'token key': KEY,
        'Company 1 API key': COMPANY1_API_KEY,
        'notification secret': NOTIFICATION_SECRET,
        'stolen access token': stolen.access_token,
        'stolen refresh token': stolen.refresh_token,
        "customer's first name": customer.firstName,
        "customer's last name": customer.lastName,
        "customer's phone": customer.phone,
        "customer's phone digits": customer.phone.slice(1),
      };
      for (const pair of await pairs()) {
        secrets[`access token ${pair.accessToken.slice(0, 6)}…`] = pair.accessToken;
        secrets[`refresh token ${pair.refreshToken.slice(0, 6)}…`] = pair.refreshToken;
      }
      assert.ok(Object.keys(secrets).length >= 12, 'the stored token pairs were found');
      for (const [name, text] of Object.entries(outputs)) {
        assert.ok(text.length > (name === 'amocrm:oauth' ? 100 : 1000), `${name} printed its logs (${text.length} chars)`);
        for (const [what, secret] of Object.entries(secrets)) assert.ok(!text.includes(secret), `the ${name}'s output holds the ${what}`);
      }
      // The processes' logs are JSON lines (the SDK's own lines go through the same logger).
      for (const [name, text] of Object.entries({ worker: outputs.worker, 'webhook service': outputs['webhook service'] })) {
        const lines = text.split('\n').filter(Boolean);
        const notJson = lines.filter((l) => {
          try {
            return typeof (JSON.parse(l) as { message?: unknown }).message !== 'string';
          } catch {
            return true;
          }
        });
        assert.deepEqual(notJson.slice(0, 3), [], `every line of the ${name} is a JSON log entry`);
      }
      assert.ok(outputs.worker.split('\n').some((l) => l.includes(`"workflowId":"order-${first.id}"`)), "the worker's lines name the order's workflow");
      assert.ok(webhookOutput.split('\n').some((l) => l.includes(`"orderId":"${first.id}"`)), "the webhook service's lines name the order");
    } finally {
      webhook.kill('SIGTERM');
      await new Promise((r) => webhook.once('exit', r));
    }
  });
});
