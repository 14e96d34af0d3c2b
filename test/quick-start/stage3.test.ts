// The README's stage-3 quick start, as a user runs it: `INTEGRATION_STAGE=3 npm start` (its own dev server,
// both sandboxes, the worker, the webhook service and the webview, all on their defaults but the ports), then
// the Company 1 sandbox's app page opens the webview as a customer, who books a service.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeFixedPort } from '../../temporal/ports';
import { useNpmStart } from '../support/npm-start';
import { eventually } from '../support/wait';
import { webviewHttp } from '../webview/webview-http';

describe('quick start, stage 3: npm start, the Company 1 app page, a booking in the webview', () => {
  const ports = { company1: 0, webview: 0 };
  const system = useNpmStart(async () => {
    ports.company1 = await freeFixedPort();
    ports.webview = await freeFixedPort();
    return {
      INTEGRATION_STAGE: '3',
      SANDBOX_COMPANY1_PORT: String(ports.company1),
      WEBVIEW_PORT: String(ports.webview),
      // Everything the processes log, to show that none of it names the customer or carries the token.
      LOG_LEVEL: 'debug',
    };
  });

  it('prints the webview and the app page; the app page signs the customer in; a booking reaches amoCRM', async () => {
    const webviewUrl = `http://127.0.0.1:${ports.webview}`;
    assert.match(system.output, new RegExp(`Webview \\(stage 3\\)\\s+${webviewUrl}`));
    const appPage = `http://127.0.0.1:${ports.company1}/app`;
    assert.match(system.output, new RegExp(`Company 1 app page\\s+${appPage}`));
    const web = webviewHttp(webviewUrl);
    const app = await eventually('the webview ready', async () => ((await fetch(`${webviewUrl}/readyz`).catch(() => undefined))?.ok ? true : undefined), 60_000);
    assert.ok(app);
    const opened = await fetch(`${appPage}/open?user=c1-user-1002`, { redirect: 'manual' });
    const location = opened.headers.get('location')!;
    assert.ok(location.startsWith(`${webviewUrl}/?token=`), location);
    await web.signIn(new URL(location).searchParams.get('token')!);
    const services = await web.get('/services');
    assert.equal(services.status, 200);
    const form = web.formOf((await web.get('/services/c2-subscription-4')).text, '/bookings');
    const booked = await web.post('/bookings', form);
    assert.equal(booked.status, 303, booked.text);
    const orderPath = String(booked.headers.location);
    await eventually('the order passed to a manager in amoCRM', async () => ((await web.get(orderPath)).text.includes('class="done"><span class="label">Заказ передан менеджеру') ? true : undefined), 60_000);
    assert.match((await web.get('/orders')).text, /Абонемент на 4 занятия/);
    // Personal data and secrets never reach the logs of any process (the sandboxes included).
    const token = new URL(location).searchParams.get('token')!;
    for (const secret of ['Игорь', 'Петров', '79161234502', token, token.split('.')[2]!, web.cookie!.split('=')[1]!]) {
      assert.ok(!system.output.includes(secret), `the logs contain ${secret.slice(0, 12)}…`);
    }
  });
});
