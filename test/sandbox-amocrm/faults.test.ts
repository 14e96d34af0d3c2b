// Injected failures: a lost response after a committed write, 5xx, latency, unpaid account, reset.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, it } from 'node:test';
import type { AmoSandbox } from '../../sandbox/amocrm/index';
import { type Api, startTestSandbox, TOKEN } from './helpers';

let sandbox: AmoSandbox;
let api: Api;

before(async () => {
  ({ sandbox, api } = await startTestSandbox());
});
after(() => sandbox.close());
beforeEach(() => sandbox.admin.reset());

void it('drops the response after commit: the client sees a socket error but the lead exists', async () => {
  await sandbox.admin.setFaults({ dropResponseAfterCommit: { method: 'POST', pathPrefix: '/api/v4/leads', count: 1 } });
  await assert.rejects(api.post('/api/v4/leads', [{ name: 'Lost answer' }]), TypeError);
  const leads = await sandbox.admin.leads();
  assert.deepEqual(leads.map((l) => l.name), ['Lost answer']);
  // Only `count` responses are dropped; the retry is answered (and creates a second lead, as amoCRM would).
  assert.equal((await api.post('/api/v4/leads', [{ name: 'Lost answer' }])).status, 200);
  const log = await sandbox.admin.requests();
  assert.deepEqual(log.filter((r) => r.path === '/api/v4/leads').map((r) => r.status), [0, 200]);
});

void it('does not drop reads or failed writes', async () => {
  await sandbox.admin.setFaults({ dropResponseAfterCommit: { count: 1 } });
  assert.equal((await api.get('/api/v4/leads')).status, 204);
  assert.equal((await api.post('/api/v4/leads', [{ price: 'x' }])).status, 400);
  await assert.rejects(api.post('/api/v4/contacts', [{ name: 'c' }]));
});

void it('answers injected 5xx before writing anything', async () => {
  await sandbox.admin.setFaults({ errorRatio5xx: 1, errorStatus: 503 });
  const res = await api.post('/api/v4/leads', [{ name: 'never' }]);
  assert.equal(res.status, 503);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  await sandbox.admin.clearFaults();
  assert.deepEqual(await sandbox.admin.leads(), []);
});

void it('serves requests late with latency', async () => {
  await sandbox.admin.setFaults({ latencyMs: 20 });
  assert.equal((await api.get('/api/v4/leads/pipelines')).status, 200);
  const [entry] = await sandbox.admin.requests();
  assert.ok(entry!.durationMs >= 20);
});

void it('an unpaid account answers writes with 402 and still serves reads', async () => {
  await sandbox.admin.setAccountPaid(false);
  const res = await api.post('/api/v4/contacts', [{ name: 'x' }]);
  assert.equal(res.status, 402);
  assert.equal(res.json.status, 402);
  assert.equal((await api.get('/api/v4/leads/pipelines')).status, 200);
});

void it('reset wipes entities, faults and the request log', async () => {
  await api.post('/api/v4/contacts', [{ name: 'x' }]);
  await sandbox.admin.setFaults({ latencyMs: 5 });
  await sandbox.admin.reset();
  assert.deepEqual(await sandbox.admin.contacts(), []);
  assert.deepEqual(await sandbox.admin.requests(), []);
  const created = await api.post('/api/v4/contacts', [{ name: 'y' }]);
  assert.equal(created.json._embedded.contacts[0]!.id, 40400001); // id counters back to seed too
});

void it('rejects the shared www host with an HTML 404', async () => {
  // fetch cannot override Host, node:http can.
  const status = await new Promise<number | undefined>((resolve, reject) => {
    const url = new URL('/api/v4/leads', sandbox.url);
    http.get(url, { headers: { host: 'www.amocrm.ru', authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
  assert.equal(status, 404);
});
