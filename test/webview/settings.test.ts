import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../config';
import { freePort } from '../../temporal/ports';
import { startCompany1Sandbox } from '../../sandbox/company1/server';
import { TokenCheck } from '../../web/sign-in';
import { webviewSettingsProblems } from '../../web/wiring';

describe('webview settings and key outages', () => {
  it('with real Company 1 the webview refuses to start on the sandbox secret, keys or an unset public URL', () => {
    const real = { INTEGRATION_STAGE: '3', COMPANY1_BASE_URL: 'https://partner.company1.example', COMPANY1_API_KEY: 'k', COMPANY1_NOTIFICATION_SECRET: 's' };
    const problems = webviewSettingsProblems(loadConfig(real), real);
    assert.deepEqual(problems.map((p) => p.split(' ')[0]), ['WEBVIEW_SESSION_SECRET', 'COMPANY1_JWKS_URL', 'WEBVIEW_PUBLIC_URL']);
    const complete = { ...real, WEBVIEW_SESSION_SECRET: 'x'.repeat(40), COMPANY1_JWKS_URL: 'https://id.company1.example/jwks.json', WEBVIEW_PUBLIC_URL: 'https://classes.company2.example' };
    assert.deepEqual(webviewSettingsProblems(loadConfig(complete), complete), []);
    assert.match(webviewSettingsProblems(loadConfig({}), {})[0]!, /INTEGRATION_STAGE=3 is required/);
    assert.deepEqual(webviewSettingsProblems(loadConfig({ INTEGRATION_STAGE: '3' }), {}), [], 'the sandboxes need nothing');
    assert.throws(() => loadConfig({ WEBVIEW_SESSION_SECRET: 'short' }), /WEBVIEW_SESSION_SECRET: at least 32 characters/);
    assert.throws(() => loadConfig({ WEBVIEW_CANCEL_WHILE: 'approved,executed' }), /WEBVIEW_CANCEL_WHILE/);
  });

  it("Company 1's keys unreachable or not a JWKS: keys-unavailable (a 503 page), not a bad token", async () => {
    const company1 = await startCompany1Sandbox({ apiKey: 'k', stage: 3 });
    try {
      const { token } = await (await fetch(`${company1.url}/__sandbox/webview-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: 'u1', firstName: 'A', lastName: 'B', phone: '+79990001122' } }),
      })).json() as { token: string };
      const closed = new TokenCheck({ jwksUrl: `http://127.0.0.1:${await freePort()}/jwks.json`, audience: 'company2-webview' });
      assert.equal(((await closed.signIn(token)) as { reason: string }).reason, 'unavailable');
      const notJwks = new TokenCheck({ jwksUrl: `${company1.url}/__sandbox/orders`, audience: 'company2-webview' });
      assert.equal(((await notJwks.signIn(token)) as { reason: string }).reason, 'unavailable');
      const missing = new TokenCheck({ jwksUrl: `${company1.url}/no-such-jwks`, audience: 'company2-webview' });
      assert.equal(((await missing.signIn(token)) as { reason: string }).reason, 'unavailable');
      const good = new TokenCheck({ jwksUrl: `${company1.url}/.well-known/jwks.json`, audience: 'company2-webview' });
      assert.equal((await good.signIn(token)).ok, true);
      assert.equal(((await good.signIn('')) as { reason: string }).reason, 'invalid');
    } finally {
      await company1.close();
    }
  });
});
