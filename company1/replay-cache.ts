// Remembers recently accepted notification event ids so that the same delivery replayed inside the signature
// window can be refused. Bounded (oldest forgotten first) and entries expire after the window: beyond it the
// timestamp check already refuses the old signature.

export interface ReplayCache {
  /** True if `key` was already seen and has not expired; otherwise records it and returns false. */
  checkAndRemember(key: string, nowSec: number, ttlSec: number): boolean;
}

export function createReplayCache(maxEntries = 10_000): ReplayCache {
  const expiresAt = new Map<string, number>();
  return {
    checkAndRemember(key, nowSec, ttlSec) {
      const seenUntil = expiresAt.get(key);
      if (seenUntil !== undefined && seenUntil > nowSec) return true;
      expiresAt.delete(key); // re-insert so Map order stays oldest-first
      expiresAt.set(key, nowSec + ttlSec);
      for (const oldest of expiresAt.keys()) {
        if (expiresAt.size <= maxEntries) break;
        expiresAt.delete(oldest);
      }
      return false;
    },
  };
}
