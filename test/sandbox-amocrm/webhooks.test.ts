// Webhook subscriptions and outgoing deliveries: v2 form body, retries, DP payload, faults.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { AmoSandbox } from '../../sandbox/amocrm/index';
import { retryDelayMs } from '../../sandbox/amocrm/webhook-retry';
import { type Api, apiClient, eventually, PIPELINE_ID, type Receiver, stageId, startReceiver, startTestSandbox } from './helpers';

let sandbox: AmoSandbox;
let api: Api;
let receiver: Receiver;

before(async () => {
  ({ sandbox, api } = await startTestSandbox({ webhookTimeScale: 0.0001, subdomain: 'company2' }));
});
after(() => sandbox.close());
beforeEach(async () => {
  await sandbox.admin.reset();
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

const subscribe = (settings: string[], destination = receiver.url) => api.post('/api/v4/webhooks', { destination, settings });

async function createLead(extra: Record<string, unknown> = {}): Promise<number> {
  const res = await api.post('/api/v4/leads', [{ name: 'Order #1001', price: 15000, pipeline_id: PIPELINE_ID, ...extra }]);
  assert.equal(res.status, 200, res.text);
  return res.json._embedded.leads[0]!.id;
}

const hooksReceived = (n: number) => eventually(() => (receiver.received.length >= n ? receiver.received : undefined), `${n} webhook(s)`);

void describe('registration API', () => {
  void it('returns the webhook object, upserts by destination, filters and deletes with 204', async () => {
    const created = await subscribe(['add_lead']);
    assert.equal(created.status, 201);
    assert.equal(created.json.destination, receiver.url);
    assert.deepEqual(created.json.settings, ['add_lead']);
    assert.equal(created.json.disabled, false);
    const updated = await subscribe(['add_lead', 'status_lead']);
    assert.equal(updated.json.id, created.json.id);
    const listed = await api.get(`/api/v4/webhooks?filter[destination]=${encodeURIComponent(receiver.url)}`);
    assert.equal(listed.json._total_items, 1);
    assert.deepEqual(listed.json._embedded.webhooks[0]!.settings, ['add_lead', 'status_lead']);
    const deleted = await api.delete('/api/v4/webhooks', { destination: receiver.url });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.equal((await api.get('/api/v4/webhooks')).status, 204);
  });

  void it('validates destination and settings names', async () => {
    const bad = await api.post('/api/v4/webhooks', { destination: 'not a url', settings: ['add_lead', 'explode_lead'] });
    assert.equal(bad.status, 400);
    const paths = (bad.json['validation-errors'][0]!.errors as { path: string }[]).map((e) => e.path).sort();
    assert.deepEqual(paths, ['destination', 'settings.1']);
  });
});

void describe('deliveries', () => {
  void it('posts add_lead as form-urlencoded v2 with string values and the account block', async () => {
    await subscribe(['add_lead']);
    await api.post('/api/v4/leads', [{
      name: 'Order #1001', price: 15000, pipeline_id: PIPELINE_ID, _embedded: { tags: [{ id: 499278 }] },
      custom_fields_values: [{ field_id: 932792, values: [{ value: 'ABC-123' }] }],
    }]);
    const [hook] = await hooksReceived(1);
    assert.equal(hook!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(hook!.headers['x-signature'], undefined);
    const f = hook!.form;
    assert.equal(f['leads[add][0][name]'], 'Order #1001');
    assert.equal(f['leads[add][0][price]'], '15000');
    assert.equal(f['leads[add][0][pipeline_id]'], String(PIPELINE_ID));
    assert.equal(f['leads[add][0][status_id]'], String(stageId('New lead')));
    for (const key of ['id', 'responsible_user_id', 'last_modified', 'modified_user_id', 'created_user_id', 'date_create', 'created_at', 'updated_at', 'account_id']) {
      assert.match(f[`leads[add][0][${key}]`] ?? '', /^\d+$/, key);
    }
    assert.equal(f['leads[add][0][tags][0][id]'], '499278');
    assert.equal(f['leads[add][0][tags][0][name]'], 'Companies 1. Services');
    assert.equal(f['leads[add][0][custom_fields][0][id]'], '932792');
    assert.equal(f['leads[add][0][custom_fields][0][name]'], 'detmirOrderId');
    assert.equal(f['leads[add][0][custom_fields][0][values][0][value]'], 'ABC-123');
    assert.equal(f['account[subdomain]'], 'company2');
    assert.equal(f['account[id]'], String(sandbox.accountId));
    assert.equal(f['account[_links][self]'], 'https://company2.amocrm.ru');
  });

  void it('posts status_lead with old ids for API moves and admin moves by stage name', async () => {
    const id = await createLead();
    await subscribe(['status_lead']);
    await api.patch(`/api/v4/leads/${id}`, { status_id: stageId('Recorded for trial') });
    await sandbox.admin.moveDeal(id, 'Waiting for payment');
    const [first, second] = await hooksReceived(2);
    assert.equal(first!.form['leads[status][0][old_status_id]'], String(stageId('New lead')));
    assert.equal(first!.form['leads[status][0][status_id]'], String(stageId('Recorded for trial')));
    assert.equal(second!.form['leads[status][0][status_id]'], String(stageId('Waiting for payment')));
    assert.equal(second!.form['leads[status][0][old_pipeline_id]'], String(PIPELINE_ID));
  });

  void it('posts update_lead only when subscribed', async () => {
    const id = await createLead();
    await subscribe(['update_lead']);
    await api.patch(`/api/v4/leads/${id}`, { price: 1 });
    const [hook] = await hooksReceived(1);
    assert.equal(hook!.form['leads[update][0][price]'], '1');
  });

  void it('sends the minimal Digital Pipeline payload to a DP hook', async () => {
    const id = await createLead();
    await sandbox.admin.addDpHook({ destination: receiver.url, statusId: 142 });
    await sandbox.admin.moveDeal(id, 'Lesson passed');
    await sandbox.admin.moveDeal(id, 142);
    const [hook] = await hooksReceived(1);
    assert.deepEqual(hook!.form, {
      'leads[status][0][id]': String(id), 'leads[status][0][status_id]': '142', 'leads[status][0][pipeline_id]': String(PIPELINE_ID),
      'leads[status][0][old_status_id]': String(stageId('Lesson passed')), 'leads[status][0][old_pipeline_id]': String(PIPELINE_ID),
      'account[subdomain]': 'company2', 'account[id]': String(sandbox.accountId),
    });
    assert.equal((await sandbox.admin.webhookDeliveries()).length, 1);
  });
});

void describe('retries and faults', () => {
  void it('retries a 500 four times on the documented schedule (time-scaled)', async () => {
    receiver.respondWith = () => 500;
    await subscribe(['add_lead']);
    await createLead();
    const deliveries = await eventually(async () => {
      const list = await sandbox.admin.webhookDeliveries();
      return list.filter((d) => d.outcome !== 'pending').length >= 5 ? list : undefined;
    }, '5 delivery attempts');
    assert.deepEqual(deliveries.map((d) => [d.attempt, d.status, d.outcome]), [1, 2, 3, 4, 5].map((n) => [n, 500, 'invalid']));
    assert.equal(receiver.received.length, 5);
  });

  void it('stops after attempt 3 for a 404 and after 5 for a 5xx (schedule)', () => {
    assert.deepEqual([2, 3, 4, 5, 6].map((n) => retryDelayMs(n, 404)), [300_000, 900_000, undefined, undefined, undefined]);
    assert.deepEqual([2, 3, 4, 5, 6].map((n) => retryDelayMs(n, 503)), [300_000, 900_000, 900_000, 3_600_000, undefined]);
    assert.equal(retryDelayMs(4, 499), 900_000);
  });

  void it('succeeds on a retry after a failure', async () => {
    receiver.respondWith = (n) => (n === 0 ? 503 : 200);
    await subscribe(['add_lead']);
    await createLead();
    await hooksReceived(2);
    const outcomes = (await sandbox.admin.webhookDeliveries()).map((d) => d.outcome);
    assert.deepEqual(outcomes, ['invalid', 'success']);
  });

  void it('drops and duplicates deliveries on request', async () => {
    await subscribe(['add_lead']);
    await sandbox.admin.setFaults({ webhooks: { drop: 1 } });
    await createLead();
    const dropped = await eventually(async () => (await sandbox.admin.webhookDeliveries()).find((d) => d.outcome === 'dropped'), 'a dropped delivery');
    assert.equal(dropped.event, 'add_lead');
    await sandbox.admin.setFaults({ webhooks: { duplicate: 1 } });
    const id = await createLead();
    const hooks = await hooksReceived(2);
    assert.deepEqual(hooks.map((h) => h.form['leads[add][0][id]']), [String(id), String(id)]);
  });

  void it('reorders deliveries on request', async () => {
    await subscribe(['add_lead']);
    await sandbox.admin.setFaults({ webhooks: { reorder: true } });
    const res = await api.post('/api/v4/leads', [{ name: 'first' }, { name: 'second' }]);
    const ids = (res.json._embedded.leads as { id: number }[]).map((l) => String(l.id));
    const hooks = await hooksReceived(2);
    assert.deepEqual(hooks.map((h) => h.form['leads[add][0][id]']), [...ids].reverse());
  });
});

void describe('auto-disable', () => {
  let slow: AmoSandbox;
  before(async () => {
    // Window of 2 h scaled to 7.2 s: 101 failures in one batch all land inside it.
    ({ sandbox: slow } = await startTestSandbox({ webhookTimeScale: 0.001 }));
  });
  after(() => slow.close());

  void it('disables a hook after more than 100 invalid answers within 2 h', async () => {
    receiver.respondWith = () => 500;
    const slowApi = apiClient(slow.url);
    await slowApi.post('/api/v4/webhooks', { destination: receiver.url, settings: ['add_lead'] });
    await slowApi.post('/api/v4/leads', Array.from({ length: 101 }, (_, i) => ({ name: `L${i}` })));
    const hook = await eventually(async () => {
      const res = await slowApi.get('/api/v4/webhooks');
      return res.json._embedded.webhooks[0]!.disabled === true ? res.json._embedded.webhooks[0] : undefined;
    }, 'the hook to be disabled');
    assert.equal(hook.disabled, true);
    const before = receiver.received.length;
    await slowApi.post('/api/v4/leads', [{ name: 'after disable' }]);
    const deliveries = await slow.admin.webhookDeliveries();
    assert.ok(deliveries.filter((d) => d.outcome === 'invalid').length > 100);
    assert.equal(receiver.received.length, before);
  });
});
