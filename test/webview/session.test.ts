import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionSeal } from '../../web/session';

// The sealed session cookie on its own (no server): the sign-in test drives it over HTTP.
describe('webview: the sealed session cookie', () => {
  const seal = new SessionSeal('a-secret-long-enough-for-the-test', 60_000);
  const customer = (lastName: string) => ({ userId: 'u-1', firstName: 'Анна', lastName, phone: '+79161234501' });
  const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  it('opens what it sealed, until it expires', () => {
    const now = Date.now();
    const { session, cookie } = seal.start(customer('Смирнова'), now);
    assert.deepEqual(seal.open(cookie, now), session);
    assert.equal(seal.open(cookie, session.expiresAt), undefined, 'expired');
    assert.deepEqual(seal.open(cookie, session.expiresAt - 1), session, 'still open a moment before');
    assert.equal(new SessionSeal('another-secret-long-enough-for-it', 60_000).open(cookie, now), undefined, 'another secret');
  });

  // Lengths 0..3 mod 4 of the encoded cookie: with 2 or 3, the last character has unused low bits that a lenient
  // decoder ignores (a flaky CI run met exactly that: changing a final 'A' to 'B' still opened).
  it('any one character changed, added or removed, at any place and for every length mod 4: no session', () => {
    const now = Date.now();
    const remainders = new Set<number>();
    for (const lastName of ['С', 'См', 'Сми', 'Смир', 'Смиро', 'Смиров']) {
      const { cookie } = seal.start(customer(lastName), now);
      remainders.add(cookie.length % 4);
      for (let i = 0; i < cookie.length; i += 1) {
        for (const c of BASE64URL) {
          if (c === cookie[i]) continue;
          const changed = cookie.slice(0, i) + c + cookie.slice(i + 1);
          assert.equal(seal.open(changed, now), undefined, `character ${i} of ${cookie.length} made '${c}'`);
        }
        assert.equal(seal.open(cookie.slice(0, i) + cookie.slice(i + 1), now), undefined, `character ${i} removed`);
      }
      for (const extra of ['A', '=', '==', ' ', '.']) assert.equal(seal.open(cookie + extra, now), undefined, `'${extra}' added`);
    }
    assert.deepEqual([...remainders].sort(), [0, 2, 3], 'every length a base64 string can have');
  });

  it('garbage, an empty cookie or a truncated one: no session, no exception', () => {
    for (const cookie of [undefined, '', 'not base64!', 'AAAA', 'A'.repeat(40)]) assert.equal(seal.open(cookie), undefined, String(cookie));
  });
});
