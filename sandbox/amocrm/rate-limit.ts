// amoCRM's limits: N requests per token and M per account in any sliding second. Over the
// limit → 429; too many 429s within a window → the whole account is blocked (403 on every
// request) until an admin unblocks it, like support has to for a real account.
import type { RateLimitSettings } from './options';

export type RateDecision = 'allow' | 'limited' | 'blocked';

const WINDOW_MS = 1000;

function prune(stamps: number[], since: number): number[] {
  let i = 0;
  while (i < stamps.length && stamps[i]! <= since) i++;
  return i === 0 ? stamps : stamps.slice(i);
}

export class RateLimiter {
  private settings: RateLimitSettings | false;
  private perToken = new Map<string, number[]>();
  private account: number[] = [];
  private violations: number[] = [];
  private blocked = false;

  constructor(private readonly initial: RateLimitSettings | false) {
    this.settings = initial === false ? false : { ...initial };
  }

  get isBlocked(): boolean {
    return this.blocked;
  }

  get current(): RateLimitSettings | false {
    return this.settings;
  }

  /**
   * Rejected (429) requests are not added to the windows of allowed requests: the limit counts
   * what the account actually served, so a client that backs off recovers one second after its
   * last accepted request. The rejection itself counts as a violation towards the block.
   */
  check(tokenKey: string | undefined, now = Date.now()): RateDecision {
    if (this.blocked) return 'blocked';
    const s = this.settings;
    if (s === false) return 'allow';
    this.account = prune(this.account, now - WINDOW_MS);
    const tokenStamps = tokenKey === undefined ? [] : prune(this.perToken.get(tokenKey) ?? [], now - WINDOW_MS);
    if (this.account.length >= s.perAccountPerSecond || (tokenKey !== undefined && tokenStamps.length >= s.perTokenPerSecond)) {
      this.violations = prune(this.violations, now - s.violationWindowMs);
      this.violations.push(now);
      if (this.violations.length >= s.blockAfterViolations) this.blocked = true;
      if (tokenKey !== undefined) this.perToken.set(tokenKey, tokenStamps);
      return 'limited';
    }
    this.account.push(now);
    if (tokenKey !== undefined) this.perToken.set(tokenKey, [...tokenStamps, now]);
    return 'allow';
  }

  setSettings(settings: RateLimitSettings | false): void {
    this.settings = settings === false ? false : { ...settings };
  }

  unblock(): void {
    this.blocked = false;
    this.violations = [];
  }

  reset(): void {
    this.settings = this.initial === false ? false : { ...this.initial };
    this.perToken.clear();
    this.account = [];
    this.unblock();
  }
}
