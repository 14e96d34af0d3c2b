// Write-side contract: batch shapes, request_id echo, stage moves, complex add, and
// validation failures that answer the documented 400 and write nothing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type AmoSandbox, SEED_FIELD_IDS } from '../../sandbox/amocrm/index';
import { type Api, type ApiResponse, PIPELINE_ID, stageId, startTestSandbox } from './helpers';

let sandbox: AmoSandbox;
let api: Api;

before(async () => {
  ({ sandbox, api } = await startTestSandbox());
});
after(() => sandbox.close());
beforeEach(() => sandbox.admin.reset());

const phone = (value: string, enum_code = 'WORK') => ({ field_code: 'PHONE', values: [{ value, enum_code }] });

function assertValidation(res: ApiResponse, requestId: string, path: string) {
  assert.equal(res.status, 400, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.json.title, 'Bad Request');
  assert.equal(res.json.detail, 'Request validation failed');
  assert.equal(res.json.type, 'https://httpstatus.es/400');
  const entry = (res.json['validation-errors'] as { request_id: string; errors: { code: string; path: string; detail: string }[] }[]).find((e) => e.request_id === requestId);
  assert.ok(entry, `no validation entry for request_id ${requestId}: ${res.text}`);
  assert.ok(entry.errors.some((e) => e.path === path && e.code && e.detail), `no error at ${path}: ${res.text}`);
}

async function assertNothingWritten() {
  assert.deepEqual(await sandbox.admin.contacts(), []);
  assert.deepEqual(await sandbox.admin.leads(), []);
}

void describe('contacts writes', () => {
  void it('echoes request_id, defaulting to the item position', async () => {
    const res = await api.post('/api/v4/contacts', [{ name: 'A', request_id: 'ext-1' }, { name: 'B' }]);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json._embedded.contacts.map((c: { request_id: string }) => c.request_id), ['ext-1', '1']);
    assert.ok(res.json._links.self.href.endsWith('/api/v4/contacts'));
  });

  void it('PATCH /contacts/{id} replaces the written field and keeps the others', async () => {
    const created = await api.post('/api/v4/contacts', [{ name: 'A', custom_fields_values: [phone('+7111'), { field_id: SEED_FIELD_IDS.detmirUserId, values: [{ value: 'u1' }] }] }]);
    const id = created.json._embedded.contacts[0]!.id;
    const res = await api.patch(`/api/v4/contacts/${id}`, { custom_fields_values: [phone('+7222', 'MOB')] });
    assert.equal(res.status, 200);
    assert.equal(res.json.id, id);
    const [contact] = await sandbox.admin.contacts();
    const values = contact!.custom_fields_values!.map((f) => [f.field_id, f.values.map((v) => v.value)]);
    assert.deepEqual(values, [[SEED_FIELD_IDS.phone, ['+7222']], [SEED_FIELD_IDS.detmirUserId, ['u1']]]);
  });

  void it('rejects an unknown field id, an unknown enum and a wrong value type, writing nothing', async () => {
    assertValidation(await api.post('/api/v4/contacts', [{ name: 'x', custom_fields_values: [{ field_id: 1, values: [{ value: 'v' }] }] }]), '0', 'custom_fields_values.0.field_id');
    assertValidation(await api.post('/api/v4/contacts', [{ name: 'ok' }, { name: 'x', custom_fields_values: [phone('+7', 'MOBILE')] }]), '1', 'custom_fields_values.0.values.0.enum_code');
    assertValidation(await api.post('/api/v4/contacts', [{ name: 'x', custom_fields_values: [{ field_id: SEED_FIELD_IDS.detmirUserId, values: [{ value: { nested: true } }] }] }]), '0', 'custom_fields_values.0.values.0.value');
    assertValidation(await api.post('/api/v4/contacts', [{ first_name: 42, request_id: 'r' }]), 'r', 'first_name');
    await assertNothingWritten();
  });
});

void describe('lead writes', () => {
  void it('creates a lead with a linked contact, a tag by id and one by name', async () => {
    const contact = await api.post('/api/v4/contacts', [{ name: 'C' }]);
    const contactId = contact.json._embedded.contacts[0]!.id;
    const res = await api.post('/api/v4/leads', [{
      name: 'Order 1', price: 1500, pipeline_id: PIPELINE_ID, status_id: stageId('New lead'),
      custom_fields_values: [{ field_id: SEED_FIELD_IDS.detmirOrderId, values: [{ value: 'O-1' }] }],
      _embedded: { tags: [{ id: 499278 }, { name: 'fresh' }], contacts: [{ id: contactId, is_main: true }] },
      request_id: 'order-1',
    }]);
    assert.equal(res.status, 200);
    assert.equal(res.json._embedded.leads[0]!.request_id, 'order-1');
    const [lead] = await sandbox.admin.leads();
    assert.equal(lead!.status_id, stageId('New lead'));
    assert.deepEqual(lead!._embedded.tags.map((t) => t.name), ['Companies 1. Services', 'fresh']);
    assert.deepEqual(lead!._embedded.contacts!.map((c) => c.id), [contactId]);
  });

  void it('lands in the first stage of the main pipeline without pipeline_id', async () => {
    await api.post('/api/v4/leads', [{ name: 'Default' }]);
    const [lead] = await sandbox.admin.leads();
    assert.notEqual(lead!.pipeline_id, PIPELINE_ID); // "Sales" is the main pipeline
  });

  void it('moving to 142/143 sets closed_at; loss_reason_id only goes with 143', async () => {
    const created = await api.post('/api/v4/leads', [{ name: 'L', pipeline_id: PIPELINE_ID }, { name: 'M', pipeline_id: PIPELINE_ID }]);
    const [a, b] = (created.json._embedded.leads as { id: number }[]).map((l) => l.id);
    assertValidation(await api.patch(`/api/v4/leads/${a}`, { status_id: stageId('Lesson passed'), loss_reason_id: 5 }), '0', 'loss_reason_id');
    const won = await api.patch(`/api/v4/leads/${a}`, { status_id: 142, pipeline_id: PIPELINE_ID, price: 900 });
    assert.equal(won.status, 200);
    assert.ok(won.json.updated_at > 0);
    const batch = await api.patch('/api/v4/leads', [{ id: b, status_id: 143, loss_reason_id: 7 }]);
    assert.equal(batch.status, 200);
    const leads = await sandbox.admin.leads();
    const byId = new Map(leads.map((l) => [l.id, l]));
    assert.equal(byId.get(a!)!.price, 900);
    assert.ok(byId.get(a!)!.closed_at);
    assert.equal(byId.get(b!)!.loss_reason_id, 7);
    assert.ok(byId.get(b!)!.closed_at);
  });

  void it('rejects wrong types, unknown statuses and missing contacts, writing nothing', async () => {
    assertValidation(await api.post('/api/v4/leads', [{ name: 'x', price: 'abc' }]), '0', 'price');
    assertValidation(await api.post('/api/v4/leads', [{ name: 'x', pipeline_id: PIPELINE_ID, status_id: 1 }]), '0', 'status_id');
    assertValidation(await api.post('/api/v4/leads', [{ name: 'x', _embedded: { contacts: [{ id: 123 }] } }]), '0', '_embedded.contacts.0.id');
    assertValidation(await api.post('/api/v4/leads', [{ name: 'ok' }, { name: 'x', custom_fields_values: [{ field_id: SEED_FIELD_IDS.orderTotal, values: [{ value: 'many' }] }] }]), '1', 'custom_fields_values.0.values.0.value');
    await assertNothingWritten();
  });

  void it('answers malformed JSON, a non-array body and 251 items with 400 and writes nothing', async () => {
    const malformed = await api.raw('/api/v4/leads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"name":' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal((await api.post('/api/v4/leads', { name: 'not an array' })).status, 400);
    const oversized = await api.post('/api/v4/contacts', Array.from({ length: 251 }, (_, i) => ({ name: `c${i}` })));
    assert.equal(oversized.status, 400);
    assert.match(oversized.json.detail, /250/);
    await assertNothingWritten();
  });
});

void describe('POST /leads/complex', () => {
  const complexLead = (n: number) => ({
    name: `Complex ${n}`, price: 100, pipeline_id: PIPELINE_ID,
    _embedded: { contacts: [{ first_name: 'Ivan', custom_fields_values: [phone('+79129876543')] }], companies: [{ name: 'Qwerty LLC' }], tags: [{ id: 499278 }] },
    request_id: `uuid-${n}`,
  });

  void it('answers a plain JSON array and links lead, contact and company', async () => {
    const res = await api.post('/api/v4/leads/complex', [complexLead(1)]);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.json));
    const [item] = res.json as { id: number; contact_id: number; company_id: number; request_id: string[]; merged: boolean }[];
    assert.deepEqual(Object.keys(item!).sort(), ['company_id', 'contact_id', 'id', 'merged', 'request_id']);
    assert.deepEqual(item!.request_id, ['uuid-1']);
    assert.equal(item!.merged, false);
    const [lead] = await sandbox.admin.leads();
    assert.deepEqual(lead!._embedded.contacts!.map((c) => c.id), [item!.contact_id]);
    assert.equal((await sandbox.admin.contacts())[0]!._embedded.companies[0]!.id, item!.company_id);
  });

  void it('enforces 50 leads, 1 contact per lead and 40 field values per entity', async () => {
    assert.equal((await api.post('/api/v4/leads/complex', Array.from({ length: 51 }, (_, i) => complexLead(i)))).status, 400);
    const twoContacts = { ...complexLead(1), _embedded: { contacts: [{ name: 'a' }, { name: 'b' }] } };
    assertValidation(await api.post('/api/v4/leads/complex', [twoContacts]), 'uuid-1', '_embedded.contacts');
    const manyFields = Array.from({ length: 41 }, () => ({ field_id: SEED_FIELD_IDS.detmirOrderId, values: [{ value: 'x' }] }));
    assertValidation(await api.post('/api/v4/leads/complex', [{ ...complexLead(2), custom_fields_values: manyFields }]), 'uuid-2', 'custom_fields_values');
    const badContact = { ...complexLead(3), _embedded: { contacts: [{ custom_fields_values: [{ field_id: 1, values: [{ value: 'x' }] }] }] } };
    assertValidation(await api.post('/api/v4/leads/complex', [complexLead(4), badContact]), 'uuid-3', '_embedded.contacts.0.custom_fields_values.0.field_id');
    await assertNothingWritten();
    assert.deepEqual(await sandbox.admin.companies(), []);
  });
});
