import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { TokenCheck } from '../../web/sign-in';
import { TemporalTokenUses } from '../../web/used-tokens';
import { useStage1 } from '../support/stage1';
import { webviewHttp } from './webview-http';

// Seamless sign-in against the real Company 1 sandbox (its JWKS, its tokens) over HTTP.
describe('webview: seamless sign-in', () => {
  const env = useStage1({ integrationStage: 3, company1Stage: 3, workers: 0 });
  const user = () => ({ id: `u-${randomUUID().slice(0, 8)}`, firstName: 'Анна', lastName: 'Смирнова', phone: '+79161234501' });

  async function refused(token: string | undefined) {
    const web = webviewHttp(env.s.webviewUrl!);
    const res = await web.get(token === undefined ? '/' : `/?token=${encodeURIComponent(token)}`);
    assert.equal(res.status, 401, `status for ${token?.slice(0, 20) ?? 'no token'}`);
    assert.equal(res.headers['set-cookie'], undefined, 'no session');
    assert.match(res.text, /Откройте эту страницу ещё раз из приложения Компании 1/);
    assert.equal((await web.get('/services')).status, 401, 'still not signed in');
  }

  it('a valid token gives an HttpOnly session cookie and a redirect without the token; the session survives reloads', async () => {
    const web = webviewHttp(env.s.webviewUrl!);
    const token = await env.s.company1Admin.mintWebviewToken({ user: user() });
    const res = await web.get(`/?token=${encodeURIComponent(token)}`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/services', 'the token leaves the URL');
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^c2_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=3600$/, 'not Secure on localhost only');
    assert.doesNotMatch(cookie, /Анна|79161234501/, 'the name and phone are sealed');
    web.cookie = cookie.split(';')[0];
    for (let i = 0; i < 3; i += 1) {
      const page = await web.get('/services');
      assert.equal(page.status, 200);
      assert.match(page.text, /Пробное занятие/);
    }
    assert.equal((await web.get('/')).headers.location, '/services', 'a signed-in customer opening the root goes on');
  });

  it('no token, an expired one, a forged one, a replayed one and one for another audience: 401, no session, nothing created', async () => {
    const before = (await env.s.company1Admin.orders()).length;
    await refused(undefined);
    await refused(await env.s.company1Admin.mintWebviewToken({ user: user(), expiresInSec: -120 }));
    await refused(await env.s.company1Admin.mintWebviewToken({ user: user(), audience: 'someone-else' }));
    // Forged: the sandbox's kid, but signed with a key Company 1 never published.
    const kid = JSON.parse(Buffer.from((await env.s.company1Admin.mintWebviewToken({ user: user() })).split('.')[0]!, 'base64url').toString()) as { kid: string };
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ given_name: 'Анна', family_name: 'Смирнова', phone_number: '+79161234501' })
      .setProtectedHeader({ alg: 'ES256', kid: kid.kid })
      .setSubject('victim')
      .setAudience('company2-webview')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(privateKey);
    await refused(forged);
    // Unsigned ("alg": "none") is never accepted either.
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'victim', aud: 'company2-webview', iat: now, exp: now + 60, jti: randomUUID() })).toString('base64url');
    await refused(`${header}.${body}.`);
    // Replayed: the second use of a token that worked once.
    const once = await env.s.company1Admin.mintWebviewToken({ user: user() });
    assert.equal((await webviewHttp(env.s.webviewUrl!).get(`/?token=${encodeURIComponent(once)}`)).status, 303);
    await refused(once);
    // Two token parameters: no sign-in (and no error page for an outage).
    const valid = await env.s.company1Admin.mintWebviewToken({ user: user() });
    await refused(`${valid}&token=${valid}`);
    // A token that lives longer than a few minutes is refused even while valid.
    await refused(await env.s.company1Admin.mintWebviewToken({ user: user(), expiresInSec: 3600 }));
    assert.equal((await env.s.company1Admin.orders()).length, before, 'nothing created');
  });

  it('Company 1 rotates its key: a token with the new kid signs in (the JWKS is fetched again)', async () => {
    assert.equal((await webviewHttp(env.s.webviewUrl!).get(`/?token=${encodeURIComponent(await env.s.company1Admin.mintWebviewToken({ user: user() }))}`)).status, 303);
    await env.s.company1Admin.rotateWebviewKey();
    const token = await env.s.company1Admin.mintWebviewToken({ user: user() });
    assert.equal((await webviewHttp(env.s.webviewUrl!).get(`/?token=${encodeURIComponent(token)}`)).status, 303);
  });

  it('a token is used once across webview processes: another process refuses it (the record is in Temporal)', async () => {
    const settings = { jwksUrl: `${env.s.company1Url}/.well-known/jwks.json`, audience: 'company2-webview' };
    const processA = new TokenCheck(settings, new TemporalTokenUses(env.t.client, env.t.taskQueues.orders));
    const processB = new TokenCheck(settings, new TemporalTokenUses(env.t.client, env.t.taskQueues.orders));
    const token = await env.s.company1Admin.mintWebviewToken({ user: user() });
    assert.equal((await processA.signIn(token)).ok, true);
    const again = await processB.signIn(token);
    assert.deepEqual(again.ok ? 'signed in' : again.reason, 'replayed');
    assert.equal((await processB.signIn(await env.s.company1Admin.mintWebviewToken({ user: user() }))).ok, true, 'another token is fine');
  });

  it('a session cookie that was tampered with is no session', async () => {
    const web = webviewHttp(env.s.webviewUrl!);
    await web.signIn(await env.s.company1Admin.mintWebviewToken({ user: user() }));
    web.cookie = web.cookie!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await web.get('/services')).status, 401);
  });
});
