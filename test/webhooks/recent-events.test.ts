import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentEvents } from '../../webhooks/amocrm/recent-events';

describe('the webhook service’s memory of events already signalled', () => {
  it('remembers an event for its time to live, and at most its bound (the oldest go first)', () => {
    let now = 0;
    const recent = new RecentEvents(2, 1_000, () => now);
    recent.add('a');
    recent.add('b');
    assert.ok(recent.has('a') && recent.has('b'));
    recent.add('c');
    assert.deepEqual([recent.has('a'), recent.has('b'), recent.has('c')], [false, true, true]);
    now = 1_001;
    assert.equal(recent.has('b'), false, 'expired');
    recent.add('b');
    assert.equal(recent.has('b'), true);
  });
});
