import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countedTotal, grantShare, type ShareGrant } from '../../workflows/amocrm-account/request-budget';

const rules = { requestsPerSecond: 7, windowMs: 1000 };
const LEASE = 5000;

/** Holders renewing at their own pace, joining and leaving; returns the grants after `untilMs`. */
function simulate(events: { at: number; holder: string }[]) {
  let grants: ShareGrant[] = [];
  const shares: { at: number; holder: string; share: number }[] = [];
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const r = grantShare(grants, e.holder, e.at, LEASE, rules);
    grants = r.grants;
    shares.push({ ...e, share: r.share });
    for (let t = e.at; t < e.at + LEASE + rules.windowMs; t += 50) assert.ok(countedTotal(grants, t, rules) <= 7, `over budget at ${t}`);
  }
  return shares;
}

describe('the amoCRM request budget, shared out as leases', () => {
  it('a lone process gets the whole budget', () => {
    assert.equal(grantShare([], 'a', 0, LEASE, rules).share, 7);
  });

  it('a second process gets its part only once the first one’s larger lease has run out; never more than 7 in total', () => {
    const renewals = (holder: string, from: number, to: number) => Array.from({ length: Math.floor((to - from) / 1500) + 1 }, (_, i) => ({ at: from + i * 1500, holder }));
    const shares = simulate([...renewals('a', 0, 20_000), ...renewals('b', 3000, 20_000)]);
    const last = (h: string) => shares.filter((s) => s.holder === h).at(-1)!.share;
    assert.equal(shares.find((s) => s.holder === 'b')!.share, 0, 'b waits while a may still use 7');
    assert.equal(last('a') + last('b'), 7);
    assert.ok(last('b') >= 3);
  });

  it('a process that stops renewing frees its part one lease and one window later', () => {
    const shares = simulate([
      { at: 0, holder: 'a' },
      { at: 0, holder: 'b' },
      { at: 1500, holder: 'a' },
      { at: 1500, holder: 'b' },
      // b dies here; a keeps renewing
      ...Array.from({ length: 8 }, (_, i) => ({ at: 3000 + i * 1500, holder: 'a' })),
    ]);
    assert.equal(shares.at(-1)!.share, 7);
  });

  it('eight processes for a budget of seven: every grant counted, at most 7 in total', () => {
    const holders = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const events = holders.flatMap((holder, i) => Array.from({ length: 8 }, (_, k) => ({ at: i * 100 + k * 1500, holder })));
    const shares = simulate(events);
    const lastRound = holders.map((h) => shares.filter((s) => s.holder === h).at(-1)!.share);
    assert.ok(lastRound.every((share) => share <= 1), lastRound.join());
    assert.equal(lastRound.reduce((a, b) => a + b, 0), 7, 'the whole budget is in use once the early leases ran out');
  });
});
