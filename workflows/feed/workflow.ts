import { proxyActivities } from '@temporalio/workflow';
import type { FeedActivities } from '../../activities/feed';
import type { FeedPollInput, FeedPollResult } from './contract';

const feed = proxyActivities<FeedActivities>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '5s', maximumAttempts: 3 },
  summary: "Poll Company 1's order feed and start missing order workflows",
});

/**
 * Run by the `company1-order-feed` schedule: picks up orders whose notification never
 * came. Starting an order workflow is idempotent, so overlap with notifications is harmless.
 */
export async function feedPollWorkflow(input: FeedPollInput): Promise<FeedPollResult> {
  return feed.pollOrderFeed(input);
}
