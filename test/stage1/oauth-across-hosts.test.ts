import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { TokenSealer } from '../../coordination/token-sealer';
import { OAUTH_APP, oauthWorkerSettings } from '../amocrm/oauth-app';
import { readableHistory } from '../support/readable-history';
import { customerOrder } from '../support/stage1';
import { orderWorkflowHandle, resultWithin } from '../support/wait';
import { useWorkerProcesses } from '../support/worker-process';

const ROOT = join(__dirname, '..', '..');
const KEY = randomBytes(32).toString('base64');

describe('stage 1: OAuth with single-use refresh tokens, across worker processes that share nothing but Temporal', () => {
  const tokenFiles = [1, 2].map((n) => join(ROOT, '.data', `oauth-test-must-not-exist-${n}`, 'tokens.json'));
  const oauthEnv = (tokenFile: string) => ({
    ...oauthWorkerSettings(KEY),
    // A different token file per process, and neither may be written: nothing is shared on disk.
    AMOCRM_TOKEN_FILE: tokenFile,
  });

  // Access tokens live 2 s: every few orders one expires, and both processes get 401s.
  const env = useWorkerProcesses({ autoCloseAfterMs: 300, amoSandbox: { oauthClients: [OAUTH_APP], accessTokenTtlSeconds: 2 } }, tokenFiles.map(oauthEnv));

  it('one process refreshes each expired token (never spending a refresh token twice), every process uses the new one, and Temporal holds no secret in plain text', async () => {
    const { t, s } = env;
    // The operator's first authorization, through the real command; the tokens go to Temporal, sealed.
    const { code } = await s.amoAdmin.issueAuthCode(OAUTH_APP.clientId);
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'client', 'amocrm-oauth.ts'), '--code', code], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DOTENV: 'off', TEMPORAL_ADDRESS: t.address, TEMPORAL_TASK_QUEUE: t.taskQueues.orders, AMOCRM_BASE_URL: s.amoSandbox.url, ...oauthEnv(tokenFiles[0]!) },
    });
    assert.match(cli.stdout, /sealed in Temporal/);

    const states = [];
    for (let round = 0; round < 4; round += 1) {
      const orders = await Promise.all([0, 1, 2].map(() => s.company1Admin.createOrder(customerOrder())));
      states.push(...(await Promise.all(orders.map(async (o) => resultWithin(await orderWorkflowHandle(t.client, o.id), 60_000)))));
      await new Promise((r) => setTimeout(r, 1_200));
    }
    for (const state of states) assert.equal(state.phase, 'completed');

    const tokenCalls = (await s.amoAdmin.requests()).filter((r) => r.path === '/oauth2/access_token');
    assert.ok(tokenCalls.length >= 3, `tokens were refreshed (${tokenCalls.length} token calls)`);
    assert.deepEqual(tokenCalls.filter((r) => r.status !== 200), [], 'no refresh token was refused (none spent twice)');
    assert.ok((await s.amoAdmin.requests()).some((r) => r.status === 401), 'expired access tokens were refused and renewed');
    for (const file of tokenFiles) assert.equal(existsSync(file), false, `${file} was never written`);

    // Every pair ever stored, opened with the key the processes share: none may appear in plain text.
    const account = t.client.workflow.getHandle(s.account.workflowId);
    const accountHistory = await account.fetchHistory();
    const sealer = new TokenSealer(Buffer.from(KEY, 'base64'), s.account.settings.account);
    const sealedPairs = [...new Set(readableHistory(accountHistory).match(/v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+/g) ?? [])];
    const secrets = new Set([OAUTH_APP.clientSecret, ...sealedPairs.flatMap((sealed) => Object.values(sealer.unseal(sealed)).filter((v): v is string => typeof v === 'string'))]);
    assert.ok(secrets.size >= 3, 'the stored pairs were found and opened');
    const everything: string[] = [];
    for await (const wf of t.client.workflow.list({ query: `TaskQueue = "${t.taskQueues.orders}"` })) {
      everything.push(readableHistory(await t.client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory()));
    }
    const readable = everything.join('\n');
    for (const secret of secrets) assert.ok(!readable.includes(secret), 'a token or the client secret is readable in a Temporal history');
  });
});
