// Read-side contract: HAL shapes, 204s, auth, search, filters, pagination, pipelines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AmoSandbox } from '../../sandbox/amocrm/index';
import { SEED_FIELD_IDS } from '../../sandbox/amocrm/index';
import { type Api, apiClient, PIPELINE_ID, startTestSandbox } from './helpers';

let sandbox: AmoSandbox;
let api: Api;

before(async () => {
  ({ sandbox, api } = await startTestSandbox());
});
after(() => sandbox.close());

async function createContacts(items: unknown[]): Promise<number[]> {
  const res = await api.post('/api/v4/contacts', items);
  assert.equal(res.status, 200);
  return (res.json._embedded.contacts as { id: number }[]).map((c) => c.id);
}

function assertEmpty204(res: { status: number; text: string; headers: Headers }) {
  assert.equal(res.status, 204);
  assert.equal(res.text, '');
}

void describe('authentication', () => {
  void it('rejects a request without a bearer token with a problem+json 401', async () => {
    const res = await apiClient(sandbox.url, null).get('/api/v4/leads');
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.deepEqual(Object.keys(res.json).sort(), ['detail', 'status', 'title', 'type']);
    assert.equal(res.json.title, 'Unauthorized');
    assert.equal(res.json.type, 'https://httpstatus.es/401');
  });

  void it('rejects an unknown bearer token', async () => {
    const res = await apiClient(sandbox.url, 'not-a-token').get('/api/v4/leads/pipelines');
    assert.equal(res.status, 401);
  });

  void it('sends X-Request-Id on every answer', async () => {
    const res = await api.get('/api/v4/leads/pipelines');
    assert.ok(res.headers.get('x-request-id'));
  });
});

void describe('204 No Content', () => {
  void it('answers an empty search, unknown ids and a page past the end with 204 and no body', async () => {
    assertEmpty204(await api.get('/api/v4/contacts?query=nobody-has-this'));
    assertEmpty204(await api.get('/api/v4/leads?query=nobody-has-this'));
    assertEmpty204(await api.get('/api/v4/contacts/999999'));
    assertEmpty204(await api.get('/api/v4/leads/999999'));
    await createContacts([{ name: 'Only one' }]);
    assertEmpty204(await api.get('/api/v4/contacts?page=2&limit=250'));
  });
});

void describe('contacts', () => {
  void it('renders HAL with custom fields and null custom_fields_values when empty', async () => {
    const [withFields, bare] = await createContacts([
      { first_name: 'Ivan', last_name: 'Petrov', custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79990001122', enum_code: 'MOB' }] }] },
      { name: 'No fields' },
    ]);
    const res = await api.get(`/api/v4/contacts/${withFields}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/hal\+json/);
    assert.equal(res.json.name, 'Ivan Petrov');
    assert.deepEqual(res.json.custom_fields_values, [
      { field_id: SEED_FIELD_IDS.phone, field_name: 'Phone', field_code: 'PHONE', field_type: 'multitext', values: [{ value: '+79990001122', enum_id: 126292, enum_code: 'MOB' }] },
    ]);
    assert.match(res.json._links.self.href, new RegExp(`/api/v4/contacts/${withFields}$`));
    assert.equal((await api.get(`/api/v4/contacts/${bare}`)).json.custom_fields_values, null);
  });

  void it('query is a fuzzy substring search over every field', async () => {
    const [id] = await createContacts([{ name: 'Fuzzy', custom_fields_values: [{ field_id: SEED_FIELD_IDS.detmirUserId, values: [{ value: 'U-91234' }] }] }]);
    const res = await api.get('/api/v4/contacts?query=123');
    assert.equal(res.status, 200);
    assert.ok((res.json._embedded.contacts as { id: number }[]).some((c) => c.id === id));
    const byName = await api.get('/api/v4/contacts?query=FUZZ');
    assert.ok((byName.json._embedded.contacts as { id: number }[]).some((c) => c.id === id));
  });

  void it('limit over 250 is a 400 naming limit', async () => {
    const res = await api.get('/api/v4/contacts?limit=251');
    assert.equal(res.status, 400);
    assert.match(res.json.detail, /limit/);
  });

  void it('with=leads embeds linked leads', async () => {
    const [contactId] = await createContacts([{ name: 'Linked' }]);
    const lead = await api.post('/api/v4/leads', [{ name: 'Deal', _embedded: { contacts: [{ id: contactId, is_main: true }] } }]);
    const leadId = lead.json._embedded.leads[0]!.id;
    const res = await api.get(`/api/v4/contacts/${contactId}?with=leads`);
    assert.deepEqual(res.json._embedded.leads.map((l: { id: number }) => l.id), [leadId]);
  });
});

void describe('leads list', () => {
  let ids: number[];
  before(async () => {
    const res = await api.post('/api/v4/leads', [1, 2, 3, 4, 5].map((n) => ({ name: `Paged ${n}`, pipeline_id: PIPELINE_ID })));
    ids = (res.json._embedded.leads as { id: number }[]).map((l) => l.id);
  });

  void it('filter[id][] and filter[id] select leads by id', async () => {
    const many = await api.get(`/api/v4/leads?filter[id][]=${ids[0]}&filter[id][]=${ids[2]}`);
    assert.deepEqual(many.json._embedded.leads.map((l: { id: number }) => l.id), [ids[0], ids[2]]);
    const one = await api.get(`/api/v4/leads?filter[id]=${ids[1]}`);
    assert.deepEqual(one.json._embedded.leads.map((l: { id: number }) => l.id), [ids[1]]);
  });

  void it('pages with _links.next until the last page, then 204', async () => {
    const seen: number[] = [];
    let path: string | undefined = '/api/v4/leads?query=Paged&limit=2';
    let pages = 0;
    while (path) {
      const res = await api.get(path);
      assert.equal(res.status, 200);
      seen.push(...(res.json._embedded.leads as { id: number }[]).map((l) => l.id));
      const next = res.json._links.next?.href;
      path = next ? next.slice(sandbox.url.length) : undefined;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ids);
    assert.equal((await api.get('/api/v4/leads?query=Paged&limit=2&page=4')).status, 204);
  });

  void it('with=contacts embeds {id, is_main, _links}', async () => {
    const [contactId] = await createContacts([{ name: 'Main contact' }]);
    const created = await api.post('/api/v4/leads', [{ name: 'With contact', _embedded: { contacts: [{ id: contactId }] } }]);
    const id = created.json._embedded.leads[0]!.id;
    const res = await api.get(`/api/v4/leads/${id}?with=contacts`);
    assert.deepEqual(res.json._embedded.contacts, [{ id: contactId, is_main: true, _links: { self: { href: `${sandbox.url}/api/v4/contacts/${contactId}` } } }]);
  });
});

void describe('pipelines and fields', () => {
  void it('lists pipelines with statuses, 142/143 not editable', async () => {
    const res = await api.get('/api/v4/leads/pipelines');
    assert.equal(res.status, 200);
    assert.equal(res.json._total_items, res.json._embedded.pipelines.length);
    const company2 = res.json._embedded.pipelines.find((p) => p.name === 'Company 2')!;
    const statuses = company2._embedded.statuses;
    assert.equal(statuses.find((s) => s.type === 1)?.name, 'Unsorted');
    assert.deepEqual(statuses.filter((s) => s.id === 142 || s.id === 143).map((s) => [s.name, s.is_editable, s.sort]), [['Success', false, 10000], ['Refusal', false, 11000]]);
    assert.ok(statuses.some((s) => s.name === 'Waiting for payment'));
  });

  void it('a missing pipeline is a 404 problem "Pipeline not found"', async () => {
    const res = await api.get('/api/v4/leads/pipelines/1');
    assert.equal(res.status, 404);
    assert.equal(res.json.detail, 'Pipeline not found');
    assert.equal((await api.get(`/api/v4/leads/pipelines/${PIPELINE_ID}`)).json.name, 'Company 2');
  });

  void it('lists custom field definitions', async () => {
    const res = await api.get('/api/v4/contacts/custom_fields');
    const codes = (res.json._embedded.custom_fields as { code: string | null }[]).map((f) => f.code);
    assert.ok(codes.includes('PHONE') && codes.includes('EMAIL'));
  });
});
