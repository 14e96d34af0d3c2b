import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { AmoError, type AmoErrorKind, toActivityFailure } from '../../amocrm';
import { AMO_ACCOUNT_BLOCKED, AMO_BAD_RESPONSE, AMO_NETWORK, AMO_NON_RETRYABLE_TYPES, AMO_RATE_LIMITED, AMO_SERVER, AMO_UNAUTHORIZED, AMO_VALIDATION } from '../../failures/types';

const cases: [AmoErrorKind, string, boolean][] = [
  ['rate-limited', AMO_RATE_LIMITED, false],
  ['account-blocked', AMO_ACCOUNT_BLOCKED, true],
  ['unauthorized', AMO_UNAUTHORIZED, true],
  ['validation', AMO_VALIDATION, true],
  ['server', AMO_SERVER, false],
  ['network', AMO_NETWORK, false],
  ['bad-response', AMO_BAD_RESPONSE, true],
];

void describe('toActivityFailure', () => {
  for (const [kind, type, nonRetryable] of cases) {
    void it(`maps ${kind} to ${type} (${nonRetryable ? 'non-retryable' : 'retryable'})`, () => {
      const err = new AmoError(kind, 'x', { status: 400 });
      const failure = toActivityFailure(err);
      assert.ok(failure instanceof ApplicationFailure);
      assert.equal(failure.type, type);
      assert.equal(failure.nonRetryable, nonRetryable);
      assert.equal(failure.cause, err);
      assert.equal(AMO_NON_RETRYABLE_TYPES.includes(type), nonRetryable);
    });
  }

  void it('asks for a delayed retry after a 429, since amoCRM sends no Retry-After', () => {
    const failure = toActivityFailure(new AmoError('rate-limited', 'slow down', { status: 429 }));
    assert.equal(failure.nextRetryDelay, '2s');
  });

  void it('keeps the validation field paths in the message and the details', () => {
    const err = new AmoError('validation', 'Request validation failed', { status: 400, fieldPaths: ['0.custom_fields_values.0.field_id'] });
    const failure = toActivityFailure(err);
    assert.match(failure.message, /0\.custom_fields_values\.0\.field_id/);
    assert.deepEqual(failure.details, [{ kind: 'validation', status: 400, fieldPaths: ['0.custom_fields_values.0.field_id'] }]);
  });

  void it('leaves an unknown error retryable and keeps it as the cause', () => {
    const cause = new TypeError('boom');
    const failure = toActivityFailure(cause);
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.cause, cause);
  });
});
