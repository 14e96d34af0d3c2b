// Signing and verifying Company 1 notifications, without any network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signNotification, verifyNotification } from '../../company1/notification-signature';
import { createReplayCache } from '../../company1/replay-cache';
import type { OrderNotification } from '../../company1/schemas';

const SECRET = 'whsec-test';
const NOW = 1_800_000_000;
const notification: OrderNotification = {
  id: 'evt-1',
  type: 'order.changed',
  occurredAt: '2027-01-15T08:00:00.000Z',
  order: {
    id: '100001',
    userId: 'u-1',
    customer: { firstName: 'Anna', lastName: 'Petrova', phone: '+79990000000' },
    service: { id: 'trial', name: 'Trial lesson' },
    status: 'executed',
    cost: null,
    paid: false,
    subscription: null,
    additionalInfo: { closedByDetmir: true },
    createdAt: '2027-01-15T04:00:00.000Z',
    updatedAt: '2027-01-15T08:00:00.000Z',
  },
};
const rawBody = JSON.stringify(notification);

function verify(overrides: Partial<Parameters<typeof verifyNotification>[0]> = {}) {
  const headers = signNotification(SECRET, rawBody, NOW);
  return verifyNotification({
    secret: SECRET,
    rawBody,
    timestampHeader: headers['X-Company1-Timestamp'],
    signatureHeader: headers['X-Company1-Signature'],
    nowSec: NOW,
    ...overrides,
  });
}

void describe('notification signatures', () => {
  void it('signs as v1=<hex HMAC-SHA256 of "timestamp.body">', () => {
    const headers = signNotification(SECRET, rawBody, NOW);
    assert.equal(headers['X-Company1-Timestamp'], String(NOW));
    assert.match(headers['X-Company1-Signature'], /^v1=[0-9a-f]{64}$/);
  });

  void it('accepts a valid delivery and returns the parsed notification', () => {
    assert.deepEqual(verify(), { ok: true, notification });
    assert.equal(verify({ nowSec: NOW + 300 }).ok, true);
  });

  void it('refuses a forged signature, a tampered body and the wrong secret', () => {
    assert.deepEqual(verify({ signatureHeader: `v1=${'0'.repeat(64)}` }), { ok: false, reason: 'forged' });
    assert.deepEqual(verify({ rawBody: rawBody.replace('executed', 'rejected') }), { ok: false, reason: 'forged' });
    assert.deepEqual(verify({ secret: 'other' }), { ok: false, reason: 'forged' });
  });

  void it('accepts any of several secrets during a rotation', () => {
    assert.equal(verify({ secret: ['new-secret', SECRET] }).ok, true);
  });

  void it('refuses a timestamp outside the replay window (default 300 s), either way', () => {
    assert.deepEqual(verify({ nowSec: NOW + 301 }), { ok: false, reason: 'expired' });
    assert.deepEqual(verify({ nowSec: NOW - 301 }), { ok: false, reason: 'expired' });
    assert.deepEqual(verify({ nowSec: NOW + 60, toleranceSec: 30 }), { ok: false, reason: 'expired' });
  });

  void it('refuses the same event inside the window when given a replay cache', () => {
    const replayCache = createReplayCache();
    assert.equal(verify({ replayCache }).ok, true);
    assert.deepEqual(verify({ replayCache, nowSec: NOW + 10 }), { ok: false, reason: 'replayed' });
    assert.equal(verify({ nowSec: NOW + 10 }).ok, true, 'without a cache the caller handles duplicates');
  });

  void it('forgets the oldest events once full', () => {
    const cache = createReplayCache(2);
    for (const id of ['a', 'b', 'c']) assert.equal(cache.checkAndRemember(id, NOW, 300), false);
    assert.equal(cache.checkAndRemember('a', NOW, 300), false);
    assert.equal(cache.checkAndRemember('c', NOW, 300), true);
  });

  void it('missing headers are "missing", garbled ones "malformed"', () => {
    assert.deepEqual(verify({ timestampHeader: undefined }), { ok: false, reason: 'missing' });
    assert.deepEqual(verify({ signatureHeader: '' }), { ok: false, reason: 'missing' });
    assert.deepEqual(verify({ timestampHeader: 'yesterday' }), { ok: false, reason: 'malformed' });
    assert.deepEqual(verify({ signatureHeader: 'sha256=abc' }), { ok: false, reason: 'malformed' });
  });

  void it('a correctly signed body that is not a notification is "invalid-body", naming the fields', () => {
    const body = JSON.stringify({ id: 'evt-2', type: 'order.deleted' });
    const headers = signNotification(SECRET, body, NOW);
    const result = verifyNotification({
      secret: SECRET,
      rawBody: body,
      timestampHeader: headers['X-Company1-Timestamp'],
      signatureHeader: headers['X-Company1-Signature'],
      nowSec: NOW,
    });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'invalid-body');
    assert.ok(result.problems.some((p) => p.startsWith('type:')), result.problems.join('; '));
    assert.ok(result.problems.some((p) => p.startsWith('order:')), result.problems.join('; '));
  });
});
