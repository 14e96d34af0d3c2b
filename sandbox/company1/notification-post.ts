// One delivery attempt of a signed notification, under the contract's answer deadline (5 s). The deadline is
// authoritative, whatever the subscriber or our own event loop does:
// - it is our own timer, held by this call: AbortSignal.timeout() is held only weakly by its timer, so under
//   garbage-collection pressure it can be collected and never fire, and a 7 s answer then counts as delivered;
// - an answer is complete only with its body: a status sent at once with the body after the deadline is no answer;
// - the answer must be read within the deadline on a monotonic clock: after an event-loop stall the answer can be
//   read before the overdue timer gets its turn.
import { performance } from 'node:perf_hooks';
import type { DeliveryAttempt } from './notifier';

export type AttemptOutcome = Pick<DeliveryAttempt, 'outcome' | 'status' | 'error'>;

export interface NotificationPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export async function postNotification(post: NotificationPost, deadlineMs: number, closing: AbortSignal): Promise<AttemptOutcome> {
  const abort = new AbortController();
  const stop = (): void => abort.abort(closing.reason);
  if (closing.aborted) stop();
  closing.addEventListener('abort', stop, { once: true });
  const timedOut: AttemptOutcome = { outcome: 'failed', error: `No answer within ${deadlineMs} ms` };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<AttemptOutcome>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(timedOut);
    }, deadlineMs);
  });
  const sentAt = performance.now();
  try {
    const result = await Promise.race([exchange(post, abort.signal), deadline]);
    return performance.now() - sentAt > deadlineMs ? timedOut : result;
  } finally {
    clearTimeout(timer);
    closing.removeEventListener('abort', stop);
  }
}

async function exchange({ url, headers, body }: NotificationPost, signal: AbortSignal): Promise<AttemptOutcome> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal });
    await res.arrayBuffer();
    return { outcome: res.ok ? 'delivered' : 'failed', status: res.status };
  } catch (err) {
    return { outcome: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
}
