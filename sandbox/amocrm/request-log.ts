// Every non-admin request, for tests that check how a client behaved (rate, retries, statuses).
export type TokenKind = 'long-lived' | 'oauth' | 'expired' | 'invalid' | 'none';

export interface RequestLogEntry {
  time: number; // arrival, ms since epoch
  method: string;
  path: string;
  url: string;
  status: number; // 0 = the response was dropped by a fault
  tokenKind: TokenKind;
  durationMs: number;
}

export interface RequestStats {
  total: number;
  byStatus: Record<string, number>;
  rateLimited: number;
  /** Most requests that arrived within any 1-second sliding window. */
  maxInAnySecond: number;
  /** The same, counting only requests that were not answered 429/403. */
  maxAcceptedInAnySecond: number;
  averageRps: number;
}

const MAX_ENTRIES = 100_000;

function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }

  stats(): RequestStats {
    const sorted = [...this.entries].sort((a, b) => a.time - b.time);
    const byStatus: Record<string, number> = {};
    for (const e of sorted) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    const times = sorted.map((e) => e.time);
    const accepted = sorted.filter((e) => e.status !== 429 && e.status !== 403).map((e) => e.time);
    const spanSeconds = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 0;
    return {
      total: sorted.length,
      byStatus,
      rateLimited: byStatus['429'] ?? 0,
      maxInAnySecond: maxInWindow(times, 1000),
      maxAcceptedInAnySecond: maxInWindow(accepted, 1000),
      averageRps: spanSeconds > 0 ? sorted.length / spanSeconds : sorted.length,
    };
  }
}
