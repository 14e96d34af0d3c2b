// How failures reach Temporal: 5xx, timeouts and network errors retry; other 4xx and bad responses do not.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ApplicationFailure } from '@temporalio/common';
import { Company1Client } from '../../company1/client';
import { Company1Error, toActivityFailure } from '../../company1/errors';
import { COMPANY1_BAD_RESPONSE, COMPANY1_NON_RETRYABLE_TYPES, COMPANY1_SERVER_ERROR, COMPANY1_TIMEOUT, COMPANY1_UNAUTHORIZED, COMPANY1_UNEXPECTED } from '../../failures/types';
import { customerOrder, startFixture, type Fixture } from './fixture';

async function failureOf(call: Promise<unknown>): Promise<{ error: Company1Error; failure: ApplicationFailure }> {
  const error = await call.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof Company1Error, String(error));
  return { error, failure: toActivityFailure(error) };
}

void describe('error mapping', () => {
  let f: Fixture;
  let orderId: string;
  before(async () => {
    f = await startFixture();
    orderId = (await f.admin.createOrder(customerOrder())).id;
  });
  after(() => f.sandbox.close());

  void it('a 5xx is a retryable server error', async () => {
    await f.admin.setFaults({ errorRatio5xx: 1 });
    const { error, failure } = await failureOf(f.client.getOrder(orderId));
    await f.admin.clearFaults();
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
    assert.equal(error.retryable, true);
    assert.equal(failure.type, COMPANY1_SERVER_ERROR);
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.cause, error);
    assert.ok(!COMPANY1_NON_RETRYABLE_TYPES.includes(COMPANY1_SERVER_ERROR));
  });

  void it('a request that hangs is a retryable timeout once the client gives up', async () => {
    const impatient = new Company1Client({ baseUrl: f.sandbox.url, apiKey: 'test-api-key', timeoutMs: 200 });
    await f.admin.setFaults({ timeoutRatio: 1 });
    const { error, failure } = await failureOf(impatient.getOrder(orderId));
    await f.admin.clearFaults();
    assert.equal(error.kind, 'timeout');
    assert.equal(failure.type, COMPANY1_TIMEOUT);
    assert.equal(failure.nonRetryable, false);
    assert.ok((await f.admin.requests()).some((r) => r.status === 'hung'));
  });

  void it('a wrong API key is unauthorized and not retryable, and the key never shows in the error', async () => {
    const wrongKey = new Company1Client({ baseUrl: f.sandbox.url, apiKey: 'wrong-secret-key' });
    const { error, failure } = await failureOf(wrongKey.getOrder(orderId));
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.status, 401);
    assert.deepEqual(error.fields, ['X-Api-Key']);
    assert.equal(failure.type, COMPANY1_UNAUTHORIZED);
    assert.equal(failure.nonRetryable, true);
    assert.ok(COMPANY1_NON_RETRYABLE_TYPES.includes(COMPANY1_UNAUTHORIZED));
    assert.doesNotMatch(JSON.stringify({ ...error, message: error.message, stack: error.stack }), /wrong-secret-key/);
  });

  void it('nothing listening is a retryable network error', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const nowhere = new Company1Client({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' });
    const { error, failure } = await failureOf(nowhere.getOrder('1'));
    assert.equal(error.kind, 'network');
    assert.equal(failure.nonRetryable, false);
  });

  void it('anything else is wrapped as a retryable unexpected failure, keeping the cause', () => {
    const bug = new TypeError('oops');
    const failure = toActivityFailure(bug);
    assert.equal(failure.type, COMPANY1_UNEXPECTED);
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.cause, bug);
  });
});

void describe('a response that does not match the contract', () => {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.url?.startsWith('/v1/orders/') ? JSON.stringify({ id: 100001, status: 'closed' }) : 'not json');
  });
  let client: Company1Client;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new Company1Client({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k' });
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  void it('is a non-retryable bad-response naming the fields that are wrong', async () => {
    const { error, failure } = await failureOf(client.getOrder('100001'));
    assert.equal(error.kind, 'bad-response');
    assert.ok(error.fields.includes('id'));
    assert.ok(error.fields.includes('status'));
    assert.equal(failure.type, COMPANY1_BAD_RESPONSE);
    assert.equal(failure.nonRetryable, true);
  });

  void it('a body that is not JSON at all is a bad-response too', async () => {
    const { error } = await failureOf(client.listOrders({}));
    assert.equal(error.kind, 'bad-response');
  });
});
