// docs/company1-api.yaml lists, for each operation, every status the sandbox answers it with, and the sandbox
// really answers each listed one: every status is provoked here. 500 is listed everywhere, but only a bug
// produces it. Every error is a problem document whose `status` is the HTTP status; a 4xx names its field.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { Problem } from '../../company1/schemas';
import { customerOrder, rawRequest, startFixture, type Fixture } from './fixture';

type Answer = Awaited<ReturnType<typeof rawRequest>>;
type Operation = { operationId?: string; responses?: Record<string, unknown> };

const contractFile = join(__dirname, '../../docs/company1-api.yaml');
const contract = parse(readFileSync(contractFile, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

function listedStatuses(operationId: string): number[] {
  const operations = Object.values(contract.paths).flatMap((item) => Object.values(item));
  const operation = operations.find((op) => op.operationId === operationId);
  assert.ok(operation?.responses, `no operation ${operationId} in the contract`);
  return Object.keys(operation.responses).map(Number).sort((a, b) => a - b);
}

/** What to send: `:id` in the path stands for an order in on_approval. */
type Provocation = [what: string, status: number, method: string, path: string, body?: unknown, headers?: Record<string, string>];

const BIG = { additionalInfo: { note: 'x'.repeat(70_000) } };
const XML = { 'content-type': 'application/xml' };
const WRONG_KEY = { 'x-api-key': 'wrong' };
const key = (k: string) => ({ 'idempotency-key': k });
const booking = { userId: 'u-statuses', customer: { firstName: 'A', lastName: 'B', phone: '' }, service: { id: 's', name: 'S' } };

/** For each operation: what provokes each status it can answer (503 is provoked for all with a fault). */
const PROVOCATIONS: Record<string, Provocation[]> = {
  listOrders: [
    ['a page', 200, 'GET', '/v1/orders?limit=1'],
    ['a limit out of range', 400, 'GET', '/v1/orders?limit=0'],
    ['a wrong API key', 401, 'GET', '/v1/orders', undefined, WRONG_KEY],
  ],
  getOrder: [
    ['an order', 200, 'GET', '/v1/orders/:id'],
    ['an order id that is not valid percent-encoding', 400, 'GET', '/v1/orders/%E0%A4%A'],
    ['a wrong API key', 401, 'GET', '/v1/orders/:id', undefined, WRONG_KEY],
    ['an unknown order', 404, 'GET', '/v1/orders/999999999'],
  ],
  createOrder: [
    ['a new order', 201, 'POST', '/v1/orders', booking, key('statuses-1')],
    ['a retry with the same key', 200, 'POST', '/v1/orders', booking, key('statuses-1')],
    ['no Idempotency-Key', 400, 'POST', '/v1/orders', booking],
    ['a wrong API key', 401, 'POST', '/v1/orders', booking, { ...WRONG_KEY, ...key('statuses-2') }],
    ['a body over 64 KiB', 413, 'POST', '/v1/orders', { ...booking, ...BIG }, key('statuses-3')],
    ['an XML body', 415, 'POST', '/v1/orders', '<order/>', { ...XML, ...key('statuses-4') }],
    ['a reused key with another body', 422, 'POST', '/v1/orders', { ...booking, userId: 'u-other' }, key('statuses-1')],
  ],
  changeOrder: [
    ['a change', 200, 'PATCH', '/v1/orders/:id', { additionalInfo: { contactId: 1 } }],
    ['an unknown key', 400, 'PATCH', '/v1/orders/:id', { colour: 'red' }],
    ['a wrong API key', 401, 'PATCH', '/v1/orders/:id', { paid: true }, WRONG_KEY],
    ['an unknown order', 404, 'PATCH', '/v1/orders/999999999', { paid: true }],
    ['a stale status', 409, 'PATCH', '/v1/orders/:id', { status: { from: 'approved', to: 'in_work' } }],
    ['a body over 64 KiB', 413, 'PATCH', '/v1/orders/:id', BIG],
    ['an XML body', 415, 'PATCH', '/v1/orders/:id', '<change/>', XML],
    ['a move out of the table', 422, 'PATCH', '/v1/orders/:id', { status: { from: 'on_approval', to: 'executed' } }],
  ],
};

function assertProblem(res: Answer, status: number): void {
  assert.equal(res.contentType, 'application/problem+json; charset=utf-8');
  const problem = Problem.parse(res.body);
  assert.equal(problem.status, status);
  if (status < 500) assert.ok((problem.errors ?? []).length > 0, 'a 4xx names the offending field');
}

void describe('statuses: the sandbox answers what the contract lists', () => {
  let f: Fixture;
  let orderId: string;
  before(async () => {
    f = await startFixture();
    orderId = (await f.admin.createOrder(customerOrder())).id;
  });
  after(() => f.sandbox.close());
  const send = ([, , method, path, body, headers]: Provocation) =>
    rawRequest(f.sandbox.url, method, path.replace(':id', orderId), body, headers);

  for (const [operation, provocations] of Object.entries(PROVOCATIONS)) {
    void it(`${operation} answers every status the contract lists for it, and no other`, async () => {
      const seen = new Set<number>();
      for (const provocation of provocations) {
        const [what, status] = provocation;
        const res = await send(provocation);
        assert.equal(res.status, status, what);
        if (status >= 400) assertProblem(res, status);
        seen.add(status);
      }
      await f.admin.setFaults({ errorRatio5xx: 1 });
      const unavailable = await send(provocations[0]!).finally(() => f.admin.clearFaults());
      assert.equal(unavailable.status, 503, 'the errorRatio5xx fault');
      assertProblem(unavailable, 503);
      seen.add(503);
      assert.deepEqual([...seen, 500].sort((a, b) => a - b), listedStatuses(operation));
    });
  }

  void it('every /v1 request needs the API key, even one that names no route (401 first, then 404)', async () => {
    const requests = [
      ['GET', '/v1/nothing'],
      ['GET', '/v1'],
      ['DELETE', `/v1/orders/${orderId}`],
      ['GET', `/v1/orders/${orderId}/x`],
      ['OPTIONS', '/v1/orders'],
      ['GET', '/v1/orders/%E0%A4%A'],
    ] as const;
    for (const [method, path] of requests) {
      const denied = await rawRequest(f.sandbox.url, method, path, undefined, WRONG_KEY);
      assert.equal(denied.status, 401, `${method} ${path}`);
      assert.deepEqual(Problem.parse(denied.body).errors, [{ field: 'X-Api-Key', message: 'Missing or wrong API key' }]);
    }
    const unknown = await rawRequest(f.sandbox.url, 'GET', '/v1/nothing');
    assert.equal(unknown.status, 404);
    assertProblem(unknown, 404);
  });

  void it('an unsupported body type is a 415 naming Content-Type', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const res = await rawRequest(f.sandbox.url, 'PATCH', `/v1/orders/${orderId}`, 'paid=true', form);
    assert.equal(res.status, 415);
    assert.deepEqual(Problem.parse(res.body).errors?.map((e) => e.field), ['Content-Type']);
  });
});
