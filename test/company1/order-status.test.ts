import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ORDER_STATUSES, canMove, isFinal, pathBetween } from '../../company1/order-status';

void describe('order status table', () => {
  void it('executed and rejected are final, the others are not', () => {
    assert.deepEqual(ORDER_STATUSES.filter(isFinal), ['executed', 'rejected']);
  });

  void it('allows the forward chain and rejection from any non-final status, nothing else', () => {
    const allowed = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    assert.deepEqual(allowed.sort(), [
      'approved->in_work',
      'approved->rejected',
      'in_work->executed',
      'in_work->rejected',
      'on_approval->approved',
      'on_approval->rejected',
    ]);
  });

  void it('a jump walks every skipped status', () => {
    assert.deepEqual(pathBetween('on_approval', 'in_work'), ['approved', 'in_work']);
    assert.deepEqual(pathBetween('on_approval', 'executed'), ['approved', 'in_work', 'executed']);
    assert.deepEqual(pathBetween('approved', 'executed'), ['in_work', 'executed']);
    assert.deepEqual(pathBetween('in_work', 'rejected'), ['rejected']);
  });

  void it('no steps when already there, no path backwards or out of a final status', () => {
    assert.deepEqual(pathBetween('approved', 'approved'), []);
    assert.equal(pathBetween('in_work', 'approved'), null);
    assert.equal(pathBetween('executed', 'rejected'), null);
    assert.equal(pathBetween('rejected', 'on_approval'), null);
  });
});
