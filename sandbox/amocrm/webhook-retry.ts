// amoCRM's delivery rules (doc §7.4), with times multiplied by the sandbox's webhookTimeScale.
const MINUTE_MS = 60_000;

export const isSuccess = (status: number) => status >= 100 && status <= 299;

/** Delay before `nextAttempt` after an invalid answer `status`, or undefined when no retry is due. */
export function retryDelayMs(nextAttempt: number, status: number): number | undefined {
  const serverSide = status === 499 || (status >= 500 && status <= 599);
  switch (nextAttempt) {
    case 2:
      return 5 * MINUTE_MS; // previous answer 0–99 or ≥300 (any invalid one)
    case 3:
      return 15 * MINUTE_MS;
    case 4:
      return serverSide ? 15 * MINUTE_MS : undefined;
    case 5:
      return serverSide ? 60 * MINUTE_MS : undefined;
    default:
      return undefined;
  }
}

export const DISABLE_WINDOW_MS = 2 * 60 * MINUTE_MS;
export const DISABLE_AFTER_INVALID = 100;

/** Invalid answers per hook; a hook is disabled after more than 100 within 2 h, the last one invalid. */
export class InvalidAnswerCounter {
  private stamps = new Map<number, number[]>();

  constructor(private readonly windowMs: number) {}

  /** Notes one invalid answer; true when the hook must now be disabled. */
  noteInvalid(hookId: number, now = Date.now()): boolean {
    const recent = (this.stamps.get(hookId) ?? []).filter((t) => t > now - this.windowMs);
    recent.push(now);
    this.stamps.set(hookId, recent);
    return recent.length > DISABLE_AFTER_INVALID;
  }

  clear(): void {
    this.stamps.clear();
  }
}
