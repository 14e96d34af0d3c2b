// amoCRM allows N requests in any second per integration, whatever number of worker processes
// send them. The account workflow shares N out as whole-request leases: a process may send at
// most `share` requests in any sliding second, for as long as its lease runs. Pure functions:
// the workflow calls them with its own clock, and unit tests with theirs.

export interface ShareGrant {
  holder: string;
  share: number;
  /** Workflow time (ms) the lease ends; the holder stops using it earlier, by its own clock. */
  expiresAt: number;
}

export interface BudgetRules {
  requestsPerSecond: number;
  /** A request sent just before a lease ends still counts in the second that follows it. */
  windowMs: number;
}

/**
 * A holder's requests in any second are at most the largest share it held during that second;
 * a grant therefore counts until its lease ends plus one window. A new grant is the holder's
 * fair part of the budget, cut to what the others' counted grants leave — so the counted
 * grants of all holders never add up to more than the budget, at any moment. A newcomer may
 * get 0 until the others' larger leases run out (one lease plus one window at most).
 */
export function grantShare(grants: readonly ShareGrant[], holder: string, now: number, leaseMs: number, rules: BudgetRules): { grants: ShareGrant[]; share: number } {
  const counted = grants.filter((g) => g.expiresAt + rules.windowMs > now);
  const live = [...new Set([...counted.filter((g) => g.expiresAt > now).map((g) => g.holder), holder])].sort();
  const base = Math.floor(rules.requestsPerSecond / live.length);
  const fair = base + (live.indexOf(holder) < rules.requestsPerSecond % live.length ? 1 : 0);
  const largest = new Map<string, number>();
  for (const g of counted) largest.set(g.holder, Math.max(largest.get(g.holder) ?? 0, g.share));
  const others = [...largest].reduce((sum, [h, share]) => (h === holder ? sum : sum + share), 0);
  const share = Math.max(0, Math.min(fair, Math.floor(rules.requestsPerSecond) - others));
  return { grants: [...counted, { holder, share, expiresAt: now + leaseMs }], share };
}

/** The most the holders' grants can add up to at `now` (what amoCRM may see in one second). */
export function countedTotal(grants: readonly ShareGrant[], now: number, rules: BudgetRules): number {
  const largest = new Map<string, number>();
  for (const g of grants) if (g.expiresAt + rules.windowMs > now) largest.set(g.holder, Math.max(largest.get(g.holder) ?? 0, g.share));
  return [...largest.values()].reduce((a, b) => a + b, 0);
}
