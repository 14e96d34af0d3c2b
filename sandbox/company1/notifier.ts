// Delivers signed order notifications to every subscriber, the way Company 1 would: one event at a time per
// (subscriber, order) so an order's events arrive in order, retried with doubling delays on a non-2xx
// answer, a network error or a 5 s timeout. Every attempt is logged for GET /__sandbox/notifications.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { signNotification } from '../../company1/notification-signature';
import type { NotificationType, Order, OrderNotification } from '../../company1/schemas';
import type { Logger } from '../../logging/logger';
import { postNotification, type AttemptOutcome } from './notification-post';
import { NOTIFICATION_TIMEOUT_MS, type NotificationRetry, type Subscriber } from './options';

export interface DeliveryAttempt {
  eventId: string;
  type: NotificationType;
  orderId: string;
  url: string;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'failed' | 'dropped';
  status?: number;
  error?: string;
}

const LOG_LIMIT = 5000;

export class Notifier {
  private readonly subscribers: Subscriber[];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly log: DeliveryAttempt[] = [];
  private readonly closing = new AbortController();
  /** Share of events lost without any attempt (the dropNotifications fault). */
  dropRatio = 0;

  constructor(
    subscribers: Subscriber[],
    private readonly retry: NotificationRetry,
    private readonly logger: Logger,
  ) {
    this.subscribers = [...subscribers];
    // Every delivery in flight listens to the closing signal (one each, removed when it ends).
    setMaxListeners(0, this.closing.signal);
  }

  addSubscriber(subscriber: Subscriber): void {
    this.subscribers.push(subscriber);
  }

  attempts(): DeliveryAttempt[] {
    return [...this.log];
  }

  clearLog(): void {
    this.log.length = 0;
  }

  /** `served` is the order as it goes out (a fault may have corrupted it); `order` is the truth. */
  notify(type: NotificationType, order: Order, served: unknown = order): void {
    const event: OrderNotification = { id: randomUUID(), type, occurredAt: order.updatedAt, order };
    const rawBody = JSON.stringify({ ...event, order: served });
    for (const subscriber of this.subscribers) {
      const key = `${subscriber.url}\n${order.id}`;
      const previous = this.queues.get(key) ?? Promise.resolve();
      const next = previous.then(() => this.deliver(subscriber, event, rawBody));
      this.queues.set(key, next);
      void next.finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    }
  }

  /** Resolves once every queued delivery has finished (delivered, dropped or given up). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  close(): void {
    this.closing.abort();
  }

  private async deliver(subscriber: Subscriber, event: OrderNotification, rawBody: string): Promise<void> {
    const base = { eventId: event.id, type: event.type, orderId: event.order.id, url: subscriber.url };
    if (Math.random() < this.dropRatio) {
      this.record({ ...base, attempt: 0, at: new Date().toISOString(), outcome: 'dropped' });
      return;
    }
    for (let attempt = 1; attempt <= this.retry.attempts && !this.closing.signal.aborted; attempt++) {
      const result = await this.post(subscriber, rawBody);
      this.record({ ...base, attempt, at: new Date().toISOString(), ...result });
      if (result.outcome === 'delivered') return;
      if (attempt < this.retry.attempts) {
        const delay = this.retry.baseDelayMs * 2 ** (attempt - 1);
        const slept = await sleep(delay, true, { signal: this.closing.signal }).catch(() => false);
        if (!slept) return;
      }
    }
    this.logger.warn('notification not delivered', { ...base, attempts: this.retry.attempts });
  }

  private post(subscriber: Subscriber, rawBody: string): Promise<AttemptOutcome> {
    // Signed per attempt: a retry must carry a fresh timestamp to pass the receiver's replay window.
    const headers = { 'content-type': 'application/json', ...signNotification(subscriber.secret, rawBody, Date.now() / 1000) };
    return postNotification({ url: subscriber.url, headers, body: rawBody }, NOTIFICATION_TIMEOUT_MS, this.closing.signal);
  }

  private record(attempt: DeliveryAttempt): void {
    this.log.push(attempt);
    if (this.log.length > LOG_LIMIT) this.log.shift();
  }
}
