// OAuth: code exchange (JSON and form), single-use codes and refresh tokens, JWT access tokens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AmoSandbox } from '../../sandbox/amocrm/index';
import { apiClient, startTestSandbox } from './helpers';

const client = { clientId: 'c0ffee00-0000-4000-8000-000000000001', clientSecret: 's3cret', redirectUri: 'https://app.example/amo/callback' };
let sandbox: AmoSandbox;

before(async () => {
  ({ sandbox } = await startTestSandbox({ oauthClients: [client], accessTokenTtlSeconds: 3600 }));
});
after(() => sandbox.close());

async function tokenCall(body: Record<string, string>, form = false) {
  const res = await fetch(`${sandbox.url}/oauth2/access_token`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const codeGrant = (code: string) => ({
  client_id: client.clientId, client_secret: client.clientSecret, grant_type: 'authorization_code', code, redirect_uri: client.redirectUri,
});
const refreshGrant = (refresh_token: string) => ({
  client_id: client.clientId, client_secret: client.clientSecret, grant_type: 'refresh_token', refresh_token, redirect_uri: client.redirectUri,
});

function claimsOf(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3);
  return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

void describe('authorization code', () => {
  void it('exchanges a code sent as JSON for a working JWT access token', async () => {
    const { code } = await sandbox.admin.issueAuthCode(client.clientId);
    const res = await tokenCall(codeGrant(code));
    assert.equal(res.status, 200);
    assert.equal(res.json.token_type, 'Bearer');
    assert.equal(res.json.expires_in, 3600);
    assert.equal(typeof res.json.refresh_token, 'string');
    assert.equal(typeof res.json.server_time, 'number');
    const claims = claimsOf(res.json.access_token as string);
    for (const claim of ['exp', 'iat', 'jti', 'account_id']) assert.ok(claim in claims, claim);
    assert.equal(claims.exp, (claims.iat as number) + 3600);
    assert.equal((await apiClient(sandbox.url, res.json.access_token as string).get('/api/v4/leads/pipelines')).status, 200);
  });

  void it('accepts a form-urlencoded body and refuses the same code twice', async () => {
    const { code } = await sandbox.admin.issueAuthCode(client.clientId);
    assert.equal((await tokenCall(codeGrant(code), true)).status, 200);
    const again = await tokenCall(codeGrant(code), true);
    assert.equal(again.status, 400);
    assert.equal(again.json.type, 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson');
  });

  void it('checks the redirect_uri exactly, the secret and the code expiry', async () => {
    const { code } = await sandbox.admin.issueAuthCode(client.clientId);
    assert.equal((await tokenCall({ ...codeGrant(code), redirect_uri: `${client.redirectUri}/` })).status, 400);
    assert.equal((await tokenCall({ ...codeGrant(code), client_secret: 'wrong' })).status, 401);
    const expired = await sandbox.admin.issueAuthCode(client.clientId, 0);
    assert.equal((await tokenCall(codeGrant(expired.code))).status, 400);
  });
});

void describe('refresh token', () => {
  void it('is single use: the second use is 401 "Token has been revoked"', async () => {
    const { code } = await sandbox.admin.issueAuthCode(client.clientId);
    const first = await tokenCall(codeGrant(code));
    const refreshed = await tokenCall(refreshGrant(first.json.refresh_token as string));
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.json.refresh_token, first.json.refresh_token);
    const reused = await tokenCall(refreshGrant(first.json.refresh_token as string));
    assert.equal(reused.status, 401);
    assert.deepEqual(reused.json, {
      hint: 'Token has been revoked', title: 'Некорректный запрос', type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson', status: 401,
      detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
    });
    assert.equal((await tokenCall(refreshGrant(refreshed.json.refresh_token as string))).status, 200);
  });
});

void describe('access token', () => {
  void it('an expired JWT gets the problem+json 401', async () => {
    const { access_token } = await sandbox.admin.issueAccessToken({ clientId: client.clientId, ttlSeconds: 0 });
    const res = await apiClient(sandbox.url, access_token).get('/api/v4/leads/pipelines');
    assert.equal(res.status, 401);
    assert.equal(res.json.title, 'Unauthorized');
  });

  void it('a JWT with a forged signature is refused', async () => {
    const { access_token } = await sandbox.admin.issueAccessToken({ clientId: client.clientId });
    const [head, payload] = access_token.split('.');
    assert.equal((await apiClient(sandbox.url, `${head}.${payload}.forged`).get('/api/v4/leads/pipelines')).status, 401);
  });
});
