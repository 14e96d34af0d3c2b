import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { subscriptionFieldValues } from '../../activities/deal-subscription-fields';
import { subscriptionStatus } from '../../workflows/order/subscription';

// The subscription rule (docs/stage2.md), pure: no server.
describe('the subscription status rule', () => {
  const pkg = { lessons: 4, validityDays: 30 };
  const paidAt = Date.parse('2026-01-10T12:00:00Z') / 1000;

  it('from the package: valid for its days from the payment, active until every lesson is used', () => {
    assert.deepEqual(subscriptionStatus({ pkg, paidAt, lessonsPassed: 3, at: paidAt + 60, fromDeal: {} }), {
      state: 'active',
      lessonsTotal: 4,
      lessonsUsed: 3,
      validUntil: '2026-02-09T12:00:00.000Z',
    });
    assert.equal(subscriptionStatus({ pkg, paidAt, lessonsPassed: 4, at: paidAt + 60, fromDeal: {} })?.state, 'expired');
    assert.equal(subscriptionStatus({ pkg, paidAt, lessonsPassed: 9, at: paidAt + 60, fromDeal: {} })?.lessonsUsed, 4, 'never more than the package');
  });

  it('expired once the deal changes after its validity, whatever lessons are left', () => {
    assert.equal(subscriptionStatus({ pkg, paidAt, lessonsPassed: 1, at: paidAt + 30 * 86_400, fromDeal: {} })?.state, 'expired');
    assert.equal(subscriptionStatus({ pkg, paidAt, lessonsPassed: 1, at: paidAt + 30 * 86_400 - 1, fromDeal: {} })?.state, 'active');
  });

  it("the deal's values win; neither a package nor the deal's fields: nothing to send", () => {
    assert.deepEqual(subscriptionStatus({ pkg, paidAt, lessonsPassed: 1, at: paidAt, fromDeal: { lessonsTotal: 10, validUntil: '2027-01-01T00:00:00.000Z' } }), {
      state: 'active',
      lessonsTotal: 10,
      lessonsUsed: 1,
      validUntil: '2027-01-01T00:00:00.000Z',
    });
    assert.equal(subscriptionStatus({ lessonsPassed: 0, fromDeal: {} }), undefined);
    assert.deepEqual(subscriptionStatus({ lessonsPassed: 0, fromDeal: { lessonsTotal: 5 } }), { state: 'active', lessonsTotal: 5, lessonsUsed: 0, validUntil: null });
  });

  it("reads the deal's fields: whole numbers, a date as unix seconds or ISO; empty is no value, anything else a named problem", () => {
    const ids = { lessonsTotal: 1, lessonsUsed: 2, validUntil: 3 };
    assert.deepEqual(subscriptionFieldValues({ '1': ['12'], '2': [' 5 '], '3': ['2027-03-01'] }, ids), {
      values: { lessonsTotal: 12, lessonsUsed: 5, validUntil: '2027-03-01T00:00:00.000Z' },
      problems: [],
    });
    assert.deepEqual(subscriptionFieldValues({ '1': [''], '3': ['1893456000'] }, ids), { values: { validUntil: '2030-01-01T00:00:00.000Z' }, problems: [] });
    const bad = subscriptionFieldValues({ '1': ['4.5'], '2': ['-1'], '3': ['soon'] }, ids);
    assert.deepEqual(bad.values, {});
    assert.deepEqual(bad.problems, [
      'field 1 (lessonsTotal) holds "4.5", not a whole number of lessons',
      'field 2 (lessonsUsed) holds "-1", not a whole number of lessons',
      'field 3 (validUntil) holds "soon", not a date',
    ]);
    assert.deepEqual(subscriptionFieldValues({ '1': ['4'] }, { lessonsTotal: null, lessonsUsed: null, validUntil: null }).values, {}, 'fields not kept are not read');
  });
});
