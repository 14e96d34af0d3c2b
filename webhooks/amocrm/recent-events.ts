/**
 * Deal events this process has already handed to Temporal, so amoCRM's retries of them (and its
 * duplicate deliveries) cost no signal. Only an optimisation: an event is remembered after its
 * signal succeeded, so forgetting one (a restart, another instance, the bound) only means one
 * more harmless duplicate signal, which the order's workflow ignores.
 */
export class RecentEvents {
  private readonly keys = new Map<string, number>();

  constructor(
    private readonly limit = 20_000,
    private readonly ttlMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  has(key: string): boolean {
    const at = this.keys.get(key);
    if (at === undefined) return false;
    if (this.now() - at > this.ttlMs) {
      this.keys.delete(key);
      return false;
    }
    return true;
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, this.now());
    // A Map iterates in insertion order: the first key is the oldest.
    while (this.keys.size > this.limit) this.keys.delete(this.keys.keys().next().value!);
  }
}
