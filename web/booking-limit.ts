/**
 * Bookings per customer in a sliding hour. A repeat of one booking (the same idempotency key: a double tap,
 * a refresh) is not another booking. In memory, per process: with several webview processes the limit is
 * per process (see docs/stage3.md).
 */
export class BookingLimit {
  private readonly recent = new Map<string, { key: string; at: number }[]>();

  constructor(private readonly perHour: number) {}

  /** True when the booking may go ahead (and counts it). */
  admit(userId: string, key: string, now = Date.now()): boolean {
    const since = now - 3_600_000;
    const mine = (this.recent.get(userId) ?? []).filter((b) => b.at > since);
    if (mine.some((b) => b.key === key)) return true;
    if (mine.length >= this.perHour) {
      this.recent.set(userId, mine);
      return false;
    }
    mine.push({ key, at: now });
    this.recent.set(userId, mine);
    if (this.recent.size > 10_000) for (const [user, list] of this.recent) if (list.every((b) => b.at <= since)) this.recent.delete(user);
    return true;
  }
}
