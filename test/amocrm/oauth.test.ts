import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AmoClient, AmoError, FileTokenStore, toActivityFailure } from '../../amocrm';
import { type Logger } from '../../logging/logger';
import { type AmoSandbox, startAmoSandbox } from '../../sandbox/amocrm';
import { rejectionOf } from './fixture';
import { OAUTH_APP } from './oauth-app';

// Records everything the client logs, unredacted, to prove tokens never reach a log call.
function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

// Tokens get a 2 s lifetime here; `exp` counts whole seconds from a truncated `iat`, so one lives
// 1 to 2 s. A 1 s lifetime could leave a refreshed token only milliseconds, and the requests
// that follow the refresh would then fail on a loaded machine.
const waitForExpiry = () => new Promise((resolve) => setTimeout(resolve, 2100));

void describe('OAuth against the sandbox', () => {
  let sandbox: AmoSandbox;
  let tokenFile: string;
  const logs: string[] = [];
  const clientOn = (file: string) =>
    new AmoClient({ baseUrl: sandbox.url, auth: { kind: 'oauth', ...OAUTH_APP, tokenStore: new FileTokenStore(file) }, logger: recordingLogger(logs) });
  const tokenRequests = async () => (await sandbox.admin.requests()).filter((r) => r.path === '/oauth2/access_token').length;

  before(async () => {
    sandbox = await startAmoSandbox({ port: 0, oauthClients: [OAUTH_APP], accessTokenTtlSeconds: 2 });
  });
  beforeEach(async () => {
    tokenFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'amo-oauth-')), 'tokens.json');
    const { code } = await sandbox.admin.issueAuthCode(OAUTH_APP.clientId);
    await clientOn(tokenFile).exchangeAuthCode(code);
    await sandbox.admin.clearRequests();
  });
  after(() => sandbox.close());

  void it('stores the exchanged pair in a private file and uses it', async () => {
    assert.equal((await fs.stat(tokenFile)).mode & 0o777, 0o600);
    assert.equal(await clientOn(tokenFile).getDeal(1), null);
  });

  void it('refreshes an expired access token once and the request succeeds', async () => {
    const before = await new FileTokenStore(tokenFile).load();
    await waitForExpiry();
    const client = clientOn(tokenFile);
    await Promise.all([client.getDeal(1), client.listWebhooks(), client.getDeal(2)]);
    assert.equal(await tokenRequests(), 1);
    const afterRefresh = await new FileTokenStore(tokenFile).load();
    assert.notEqual(afterRefresh?.refreshToken, before?.refreshToken);
    for (const pair of [before!, afterRefresh!]) {
      for (const secret of [pair.accessToken, pair.refreshToken]) assert.ok(!logs.some((l) => l.includes(secret)));
    }
  });

  void it('two processes sharing the token file refresh exactly once, with no "Token has been revoked"', async () => {
    await waitForExpiry();
    const peer = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'oauth-peer.ts'), sandbox.url, tokenFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: peer.stdout })[Symbol.asyncIterator]();
    assert.equal((await lines.next()).value, 'ready');
    const here = [clientOn(tokenFile), clientOn(tokenFile)];
    peer.stdin.write('go\n');
    const results = await Promise.allSettled(here.flatMap((c) => [c.getDeal(1), c.listWebhooks()]));
    const peerResult = JSON.parse((await lines.next()).value as string) as { calls: number; errors: string[] };
    peer.stdin.end();
    assert.deepEqual(results.filter((r) => r.status === 'rejected'), []);
    assert.deepEqual(peerResult, { calls: 3, errors: [] });
    assert.equal(await tokenRequests(), 1);
  });

  void it('a refresh token spent elsewhere is token-revoked: final, and the token is not in the message', async () => {
    const spent = await new FileTokenStore(tokenFile).load();
    await fetch(`${sandbox.url}/oauth2/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: OAUTH_APP.clientId, client_secret: OAUTH_APP.clientSecret, redirect_uri: OAUTH_APP.redirectUri, grant_type: 'refresh_token', refresh_token: spent!.refreshToken }),
    });
    await waitForExpiry();
    const err = await rejectionOf(clientOn(tokenFile).getDeal(1));
    assert.ok(err instanceof AmoError);
    assert.deepEqual([err.kind, err.retryable], ['token-revoked', false]);
    assert.ok(!err.message.includes(spent!.refreshToken));
    assert.equal(toActivityFailure(err).nonRetryable, true);
  });

  void it('a wrong authorization code is unauthorized', async () => {
    const err = await rejectionOf(clientOn(tokenFile).exchangeAuthCode('not-a-code'));
    assert.ok(err instanceof AmoError);
    assert.equal(err.kind, 'unauthorized');
  });
});
