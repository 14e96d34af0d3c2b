import { durationMs } from './duration';
import { httpUrl, optionalText } from './fields';

// Company 1's order API. With no COMPANY1_BASE_URL the embedded Company 1 sandbox is used.
export const company1Env = {
  COMPANY1_BASE_URL: httpUrl.optional().describe("Company 1's partner API URL. Unset: the local Company 1 sandbox."),
  COMPANY1_API_KEY: optionalText.describe('API key sent as X-Api-Key (required with COMPANY1_BASE_URL).'),
  COMPANY1_NOTIFICATION_SECRET: optionalText.describe('Shared HMAC secret of Company 1 order notifications (required with COMPANY1_BASE_URL).'),
  COMPANY1_NOTIFICATION_TOLERANCE: durationMs.prefault('5m').describe('Replay window of notification signatures.'),
  COMPANY1_TIMEOUT: durationMs.prefault('10s').describe('HTTP timeout of one Company 1 request.'),
  FEED_POLL_EVERY: durationMs.prefault('1m').describe("How often the schedule polls Company 1's order feed for orders whose notification never came."),
};
