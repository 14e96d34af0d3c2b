import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { AmoError, toActivityFailure } from '../../amocrm';
import { AMO_ACCOUNT_BLOCKED, AMO_RATE_LIMITED } from '../../failures/types';
import { type AmoFixture, rejectionOf, startFixture } from './fixture';

const limits = (perTokenPerSecond: number, blockAfterViolations: number) => ({
  perTokenPerSecond,
  perAccountPerSecond: 50,
  blockAfterViolations,
  violationWindowMs: 60_000,
});

async function amoErrorOf(promise: Promise<unknown>): Promise<AmoError> {
  const err = await rejectionOf(promise);
  assert.ok(err instanceof AmoError, `expected an AmoError, got ${String(err)}`);
  return err;
}

void describe('amoCRM error answers, mapped to typed errors', () => {
  let fx: AmoFixture;
  before(async () => {
    fx = await startFixture();
  });
  afterEach(() => fx.sandbox.admin.reset());
  after(() => fx.close());

  void it('429 (HTML, no Retry-After) is rate-limited and retryable after a delay', async () => {
    await fx.sandbox.admin.setRateLimit(limits(2, 1000));
    const unthrottled = fx.clientWith({ requestsPerSecond: 1000 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => unthrottled.getDeal(1)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AmoError] : []));
    assert.ok(errors.length > 0);
    for (const err of errors) {
      assert.deepEqual([err.kind, err.status, err.retryable], ['rate-limited', 429, true]);
      const failure = toActivityFailure(err);
      assert.deepEqual([failure.type, failure.nonRetryable, failure.nextRetryDelay], [AMO_RATE_LIMITED, false, '2s']);
    }
  });

  void it('403 after repeated violations is account-blocked and not retryable', async () => {
    await fx.sandbox.admin.setRateLimit(limits(1, 3));
    const unthrottled = fx.clientWith({ requestsPerSecond: 1000 });
    await Promise.allSettled(Array.from({ length: 8 }, () => unthrottled.getDeal(1)));
    const err = await amoErrorOf(fx.client.getDeal(1));
    assert.deepEqual([err.kind, err.status, err.retryable], ['account-blocked', 403, false]);
    assert.equal(toActivityFailure(err).type, AMO_ACCOUNT_BLOCKED);
    assert.equal(toActivityFailure(err).nonRetryable, true);
  });

  void it('401 for a long-lived token is unauthorized, final, and never shows the token', async () => {
    const err = await amoErrorOf(fx.clientWith({ auth: { kind: 'long-lived', token: 'revoked-long-lived-token' } }).getDeal(1));
    assert.deepEqual([err.kind, err.status, err.retryable], ['unauthorized', 401, false]);
    assert.doesNotMatch(err.message, /revoked-long-lived-token/);
    assert.doesNotMatch(JSON.stringify(err), /revoked-long-lived-token/);
  });

  void it('400 with validation-errors is validation, not retryable, and names the field paths', async () => {
    const wrongField = fx.clientWith({ fields: { detmirUserId: 111, detmirOrderId: 932792 } });
    const err = await amoErrorOf(wrongField.createContact({ firstName: 'A', lastName: 'B', phone: '+7000', detmirUserId: 'u-1' }));
    assert.deepEqual([err.kind, err.status, err.retryable], ['validation', 400, false]);
    assert.ok(err.fieldPaths.some((p) => p.includes('custom_fields_values')), err.fieldPaths.join());
    for (const path of err.fieldPaths) assert.ok(err.message.includes(path));
  });

  void it('402 for an unpaid account is payment-required, not retryable', async () => {
    await fx.sandbox.admin.setAccountPaid(false);
    const err = await amoErrorOf(fx.client.updateDealPrice(1, 10));
    assert.deepEqual([err.kind, err.status, err.retryable], ['payment-required', 402, false]);
  });

  void it('5xx is a retryable server error', async () => {
    await fx.sandbox.admin.setFaults({ errorRatio5xx: 1, errorStatus: 503 });
    const err = await amoErrorOf(fx.client.getDeal(1));
    assert.deepEqual([err.kind, err.status, err.retryable], ['server', 503, true]);
  });

  void it('a response lost after the write is a retryable network error; a lost create is found by its check', async () => {
    await fx.sandbox.admin.setFaults({ dropResponseAfterCommit: { method: 'PATCH', pathPrefix: '/api/v4/leads', count: 1 } });
    const { contactId } = await fx.client.createContact({ firstName: 'L', lastName: 'R', phone: '+7001', detmirUserId: 'u-lost' });
    const deal = { name: 'Order lost', pipelineId: fx.pipeline.pipelineId, statusId: fx.pipeline.stages['New lead']!, contactId, detmirOrderId: 'o-lost' };
    const { dealId } = await fx.client.createDeal(deal);
    const err = await amoErrorOf(fx.client.updateDealPrice(dealId, 10));
    assert.deepEqual([err.kind, err.retryable], ['network', true]);
    await fx.sandbox.admin.setFaults({ dropResponseAfterCommit: { method: 'POST', pathPrefix: '/api/v4/leads', count: 1 } });
    const again = await fx.client.createDeal({ ...deal, detmirOrderId: 'o-lost-2' });
    const found = await fx.client.findDealByDetmirOrderId('o-lost-2');
    assert.deepEqual([found?.id, found?.mainContactId], [again.dealId, contactId]);
  });

  void it('no answer within timeoutMs is a retryable timeout', async () => {
    await fx.sandbox.admin.setFaults({ latencyMs: 400 });
    const err = await amoErrorOf(fx.clientWith({ timeoutMs: 50 }).getDeal(1));
    assert.deepEqual([err.kind, err.retryable], ['timeout', true]);
  });
});
