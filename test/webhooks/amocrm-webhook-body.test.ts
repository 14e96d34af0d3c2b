// amoCRM's webhook bodies, read by the pure parser: the documented captures (docs/amocrm-api.md §7.2,
// §7.3), and the bodies the amoCRM sandbox sends, so that the parser and the sandbox cannot drift apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PHONE_ENUMS } from '../../sandbox/amocrm/field-defs';
import type { Lead } from '../../sandbox/amocrm/models';
import { SEED_FIELD_IDS, SEED_TAGS } from '../../sandbox/amocrm/seed';
import { Store } from '../../sandbox/amocrm/store';
import { dpWebhookFields, leadWebhookFields } from '../../sandbox/amocrm/webhook-payload';
import { MAX_BODY_CHARS, MAX_FIELDS, MAX_KEY_CHARS, MAX_KEY_DEPTH } from '../../webhooks/amocrm/form-fields';
import {
  MAX_LEADS, MAX_PROBLEMS, parseAmoWebhook, type WebhookBody, type WebhookLead,
} from '../../webhooks/amocrm/webhook-body';

/** docs/amocrm-api.md §7.2, a real status_lead capture, verbatim. */
const CAPTURE = `leads[status][0][id]=25399013
leads[status][0][name]=Order+%231001
leads[status][0][status_id]=142
leads[status][0][old_status_id]=7039101
leads[status][0][pipeline_id]=3177727
leads[status][0][price]=15000
leads[status][0][responsible_user_id]=504141
leads[status][0][last_modified]=1767229200
leads[status][0][modified_user_id]=504141
leads[status][0][created_user_id]=504141
leads[status][0][date_create]=1767225600
leads[status][0][created_at]=1767225600
leads[status][0][updated_at]=1767229200
leads[status][0][account_id]=28805383
leads[status][0][tags][0][id]=80147
leads[status][0][tags][0][name]=new-client
leads[status][0][custom_fields][0][id]=932790
leads[status][0][custom_fields][0][name]=Client+ID
leads[status][0][custom_fields][0][values][0][value]=ABC-123
account[subdomain]=demo
account[id]=28805383
account[_links][self]=https://demo.amocrm.ru`.split('\n').join('&');

const CAPTURED_LEAD: WebhookLead = {
  action: 'status',
  dp: false,
  id: 25399013,
  statusId: 142,
  oldStatusId: 7039101,
  pipelineId: 3177727,
  price: 15000,
  modifiedAt: 1767229200,
  customFields: { 932790: ['ABC-123'] },
};

/** A body with raw brackets in the keys, as in the captures. */
const rawForm = (fields: Record<string, string>) =>
  Object.entries(fields).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const encodedBrackets = (body: string) => body.replaceAll('[', '%5B').replaceAll(']', '%5D');
/** `{ id: '1', '[custom_fields][0][id]': '7' }` → `leads[add][0][id]`, `leads[add][0][custom_fields][0][id]`. */
const lead = (action: string, index: number, fields: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [`leads[${action}][${index}]${k.startsWith('[') ? k : `[${k}]`}`, v]),
  );

function parsed(body: string): WebhookBody {
  const result = parseAmoWebhook(body);
  if (!result.ok) assert.fail(`expected a valid body, got problems: ${result.problems.join('; ')}`);
  return result.body;
}

function problems(body: string): string[] {
  const result = parseAmoWebhook(body);
  if (result.ok) assert.fail(`expected problems, got ${JSON.stringify(result.body)}`);
  return result.problems;
}

void describe('the documented captures', () => {
  void it('reads the status_lead capture with raw brackets, skipping the fields it does not need', () => {
    const account = { id: 28805383, subdomain: 'demo' };
    assert.deepEqual(parsed(CAPTURE), { leads: [CAPTURED_LEAD], account, ignored: [] });
  });

  void it('reads the same capture with percent-encoded brackets', () => {
    assert.ok(encodedBrackets(CAPTURE).includes('leads%5Bstatus%5D%5B0%5D%5Bid%5D=25399013'));
    assert.deepEqual(parsed(encodedBrackets(CAPTURE)), parsed(CAPTURE));
  });

  void it('reads a Digital Pipeline hook with empty old ids as a dp lead without old ids', () => {
    const body = 'leads[status][0][id]=25399013&leads[status][0][status_id]=142&leads[status][0][pipeline_id]=3177727'
      + '&leads[status][0][old_status_id]=&leads[status][0][old_pipeline_id]='
      + '&account[id]=28805383&account[subdomain]=demo';
    const expected: WebhookLead = {
      action: 'status', dp: true, id: 25399013, statusId: 142, pipelineId: 3177727, customFields: {},
    };
    assert.deepEqual(parsed(body), { leads: [expected], account: { id: 28805383, subdomain: 'demo' }, ignored: [] });
  });

  void it('takes updated_at as the modification time when last_modified is missing', () => {
    const body = rawForm(lead('update', 0, {
      id: '7', name: 'x', status_id: '142', price: '0', updated_at: '1767229300',
    }));
    const expected: WebhookLead = {
      action: 'update', dp: false, id: 7, statusId: 142, price: 0, modifiedAt: 1767229300, customFields: {},
    };
    assert.deepEqual(parsed(body).leads, [expected]);
  });
});

void describe('several events in one body', () => {
  void it('returns the leads in index order, whatever order their keys came in', () => {
    const body = [
      rawForm(lead('status', 10, { id: '110', status_id: '142' })),
      rawForm(lead('status', 0, { id: '100', status_id: '142' })),
      rawForm({ ...lead('status', 2, { id: '102' }), 'leads[status][10][name]': 'late' }),
      rawForm({ 'leads[status][2][status_id]': '143' }),
    ].join('&');
    assert.deepEqual(parsed(body).leads.map((l) => [l.id, l.statusId]), [[100, 142], [102, 143], [110, 142]]);
  });

  void it('keeps leads[add], leads[update] and leads[status] apart, actions in the order they appear', () => {
    const body = rawForm({
      ...lead('add', 0, { id: '1', status_id: '10' }),
      ...lead('status', 0, { id: '1', status_id: '11', old_status_id: '10' }),
      ...lead('update', 0, { id: '2', status_id: '10', price: '500' }),
      ...lead('add', 1, { id: '3', status_id: '10' }),
    });
    const leads = parsed(body).leads;
    assert.deepEqual(leads.map((l) => `${l.action} ${l.id}`), ['add 1', 'add 3', 'status 1', 'update 2']);
    assert.equal(leads.find((l) => l.action === 'status')?.oldStatusId, 10);
  });

  void it('skips contacts, notes and deleted leads, listing each skipped entity once', () => {
    const others = 'contacts[update][0][id]=40400001&contacts[update][0][type]=contact&contacts[update][1][id]=40400002'
      + '&leads[note][0][note][element_id]=25399013&leads[note][0][note][text]=hi&leads[delete][0][id]=25399014'
      + '&unsorted[add][0][uid]=u1';
    const body = parsed(`${CAPTURE}&${others}`);
    assert.deepEqual(body.leads, [CAPTURED_LEAD]);
    assert.deepEqual(body.ignored, [
      'contacts[update][0]', 'contacts[update][1]', 'leads[note][0]', 'leads[delete][0]', 'unsorted[add][0]',
    ]);
  });

  void it('accepts a body of only entities it does not handle, with no leads', () => {
    assert.deepEqual(parsed('contacts[add][0][id]=1&contacts[add][0][type]=company&account[id]=5'), {
      leads: [],
      account: { id: 5 },
      ignored: ['contacts[add][0]'],
    });
  });
});

void describe('custom fields', () => {
  void it('collects several values per field in value order, without enums, names or codes', () => {
    const phone = '[custom_fields][0]';
    const body = rawForm(lead('status', 0, {
      id: '9', name: 'Order', status_id: '142', price: '100',
      [`${phone}[id]`]: '178382', [`${phone}[name]`]: 'Phone', [`${phone}[code]`]: 'PHONE',
      [`${phone}[values][1][value]`]: '+7 900 000-00-02', [`${phone}[values][1][enum]`]: '126294',
      [`${phone}[values][0][value]`]: '+7 900 000-00-01', [`${phone}[values][0][enum]`]: '126292',
      '[custom_fields][1][id]': '932792', '[custom_fields][1][values][0][value]': '1',
    }));
    assert.deepEqual(parsed(body).leads[0]?.customFields, {
      178382: ['+7 900 000-00-01', '+7 900 000-00-02'],
      932792: ['1'],
    });
  });
});

void describe('a malformed body is refused with problems naming the field as amoCRM wrote it', () => {
  const one = (fields: Record<string, string>) => rawForm(lead('status', 0, { name: 'x', ...fields }));

  void it('names a missing id', () => {
    assert.deepEqual(problems(one({ status_id: '142' })), ['leads[status][0][id]: missing']);
  });

  void it('names a non-numeric status_id', () => {
    assert.deepEqual(problems(one({ id: '1', status_id: 'abc' })), [
      'leads[status][0][status_id]: expected a positive integer, got "abc"',
    ]);
  });

  void it('names a fractional price, and accepts a price of 0', () => {
    assert.deepEqual(problems(one({ id: '1', status_id: '142', price: '1500.5' })), [
      'leads[status][0][price]: expected a non-negative integer, got "1500.5"',
    ]);
    assert.equal(parsed(one({ id: '1', status_id: '142', price: '0' })).leads[0]?.price, 0);
  });

  void it('names a custom field without an id, a field given twice and a bad account id', () => {
    const body = `${one({ id: '1', status_id: '142' })}&leads[status][0][id]=2`
      + '&leads[status][0][custom_fields][3][values][0][value]=v&account[id]=x';
    assert.deepEqual(problems(body), [
      'leads[status][0][id]: given more than once',
      'leads[status][0][custom_fields][3][id]: missing',
      'account[id]: expected a positive integer, got "x"',
    ]);
  });

  void it('names lead keys without an index or a field', () => {
    const body = 'leads[status][x][id]=1&leads[status][0]=1&leads=1'
      + '&leads[status][0][id]=1&leads[status][0][status_id]=142';
    assert.deepEqual(problems(body), [
      'leads[status][x][id]: expected a lead index after leads[status]',
      'leads[status][0]: expected a field name after the lead index',
      'leads: expected leads[<action>][<index>][<field>]',
    ]);
  });

  void it('refuses a body with no leads and nothing else it knows', () => {
    for (const body of ['', 'account[id]=28805383&account[subdomain]=demo', 'hello=world', '{"leads":[]}']) {
      assert.deepEqual(problems(body), ['no leads in the body'], body);
    }
  });
});

void describe('limits against abusive bodies', () => {
  const leads = (n: number, id = (i: number) => String(i + 1)) =>
    Array.from({ length: n }, (_, i) => rawForm(lead('status', i, { id: id(i), status_id: '142' }))).join('&');

  void it(`accepts ${MAX_LEADS} leads in one body and refuses one more`, () => {
    assert.equal(parsed(leads(MAX_LEADS)).leads.length, MAX_LEADS);
    assert.deepEqual(problems(leads(MAX_LEADS + 1)), [`leads: more than ${MAX_LEADS} leads in one body`]);
  });

  void it('refuses over-long and over-deep keys, over-big bodies and too many fields', () => {
    assert.match(problems(`leads[status][0][${'x'.repeat(MAX_KEY_CHARS)}]=1`)[0] ?? '', /key longer than/);
    assert.match(problems(`contacts${'[0]'.repeat(MAX_KEY_DEPTH + 1)}=1`)[0] ?? '', /nested deeper than/);
    assert.deepEqual(problems(`x=${'a'.repeat(MAX_BODY_CHARS)}`), [`body: longer than ${MAX_BODY_CHARS} characters`]);
    assert.deepEqual(problems('&'.repeat(MAX_FIELDS)), [`body: more than ${MAX_FIELDS} fields`]);
  });

  void it('lists a bounded number of problems, quoting values cut short', () => {
    const list = problems(leads(MAX_PROBLEMS + 10, () => 'z'.repeat(100)));
    assert.equal(list.length, MAX_PROBLEMS + 1);
    assert.equal(list[0], `leads[status][0][id]: expected a positive integer, got "${'z'.repeat(40)}…"`);
    assert.equal(list.at(-1), '… and 10 more problems');
  });

  void it('keeps __proto__ keys as plain data', () => {
    const body = `${CAPTURE}&__proto__[polluted]=1&leads[status][0][__proto__]=1`
      + '&leads[status][0][__proto__][polluted]=1&leads[status][0][custom_fields][0][__proto__]=1';
    assert.deepEqual(parsed(body).leads, [CAPTURED_LEAD]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

void describe('bodies built by the amoCRM sandbox', () => {
  const account = { id: 28805383, subdomain: 'company2' };
  const phones = [
    { value: '+7 900 000-00-01', enum_id: PHONE_ENUMS[2]!.id },
    { value: '+7 900 000-00-02', enum_id: PHONE_ENUMS[0]!.id },
  ];
  const sandboxLead: Lead = {
    id: 25800001, name: 'Order #1001', price: 15000, status_id: 142, pipeline_id: 3177727,
    responsible_user_id: 504141, group_id: 0, created_by: 504141, updated_by: 504142,
    created_at: 1767225600, updated_at: 1767229200, tag_ids: [SEED_TAGS[0]!.id],
    custom_fields: [
      { field_id: SEED_FIELD_IDS.detmirOrderId, values: [{ value: '100001' }] },
      { field_id: SEED_FIELD_IDS.phone, values: phones },
      { field_id: SEED_FIELD_IDS.orderTotal, values: [{ value: 15000 }] },
    ],
    loss_reason_id: null, closed_at: null, contacts: [{ id: 40400001, is_main: true }], company_ids: [],
  };
  const full = {
    dp: false, id: 25800001, statusId: 142, pipelineId: 3177727, price: 15000, modifiedAt: 1767229200,
    customFields: {
      [SEED_FIELD_IDS.detmirOrderId]: ['100001'],
      [SEED_FIELD_IDS.phone]: ['+7 900 000-00-01', '+7 900 000-00-02'],
      [SEED_FIELD_IDS.orderTotal]: ['15000'],
    },
  };
  const moved = { oldStatusId: 7039101, oldPipelineId: 3177000 };
  // As the sandbox delivers it: URLSearchParams, so brackets percent-encoded, spaces as `+` and `+` as %2B.
  const delivered = (fields: [string, string][]) => new URLSearchParams(fields).toString();

  void it('reads the sandbox status_lead body with old ids, tags and custom fields', () => {
    const event = { action: 'status' as const, lead: sandboxLead, ...moved };
    const body = parsed(delivered(leadWebhookFields(new Store(), account, event)));
    assert.deepEqual(body, { leads: [{ action: 'status', ...full, ...moved }], account, ignored: [] });
  });

  void it('reads the sandbox add_lead and update_lead bodies', () => {
    for (const action of ['add', 'update'] as const) {
      const body = parsed(delivered(leadWebhookFields(new Store(), account, { action, lead: sandboxLead })));
      assert.deepEqual(body.leads, [{ action, ...full }]);
    }
  });

  void it('reads the sandbox Digital Pipeline body as dp, with and without old ids', () => {
    const ids = {
      action: 'status' as const, dp: true, id: 25800001, statusId: 142, pipelineId: 3177727,
      customFields: {},
    };
    const withOld = parsed(delivered(dpWebhookFields(account, { action: 'status', lead: sandboxLead, ...moved })));
    assert.deepEqual(withOld, { leads: [{ ...ids, ...moved }], account, ignored: [] });
    const withoutOld = parsed(delivered(dpWebhookFields(account, { action: 'status', lead: sandboxLead })));
    assert.deepEqual(withoutOld, { leads: [ids], account, ignored: [] });
  });
});
