import type { Config } from '../config';
import type { OrderStartSettings } from '../client/order-start';

export function orderStartSettings(config: Config): OrderStartSettings {
  return {
    taskQueue: config.temporal.taskQueues.orders,
    amocrmTaskQueue: config.temporal.taskQueues.amocrm,
    stage: config.stage,
    timings: {
      autoCloseAfterMs: config.stage1.autoCloseAfterMs,
      graceMs: config.stage1.graceMs,
      recheckEveryMs: config.stage1.recheckEveryMs,
      blockedRecheckEveryMs: config.amocrmBlockedRecheckEveryMs,
    },
  };
}
