// Public shape of the Company 1 sandbox: a local, in-memory emulator of Company 1's order API
// (docs/company1-api.yaml) plus an admin API under /__sandbox/ to drive it from tests and by hand.

export type SandboxStage = 1 | 2 | 3;

export interface Subscriber {
  url: string;
  secret: string;
}

export interface NotificationRetry {
  attempts: number;
  /** Delay before the 2nd attempt; doubles for each further attempt. */
  baseDelayMs: number;
}

export interface Company1SandboxOptions {
  /** Default 0: any free port (tests). `npm start` and `npm run sandbox:company1` use DEFAULT_PORT. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  apiKey: string;
  /** Default 1. */
  stage?: SandboxStage;
  /** Stage 1 only: Company 1 closes every order this long after creation. Default 4 h. */
  autoCloseAfterMs?: number;
  subscribers?: Subscriber[];
  /** Default 5 attempts, 1000 ms doubling. */
  notificationRetry?: NotificationRetry;
  /** Optional JSON file the orders are loaded from at start and saved to (atomically) after each change. */
  persistFile?: string;
  /**
   * Id of the first order (default 100001). Order ids become workflow ids, so sandboxes sharing
   * one Temporal namespace (test files, a fresh sandbox against an old dev-server database) need
   * ranges of their own.
   */
  firstOrderId?: number;
  /** Stage 3: Company 2's webview that the app page (`/app`) opens with a signed token. */
  webviewUrl?: string;
}

export interface Company1Sandbox {
  url: string;
  close(): Promise<void>;
}

/**
 * Port of `npm run sandbox:company1` and of docs/company1-api.yaml's local server; `npm start` has the same default
 * in its own config (SANDBOX_COMPANY1_PORT). test/company1/contract.test.ts keeps the three equal.
 */
export const DEFAULT_PORT = 7302;
export const DEFAULT_AUTO_CLOSE_MS = 4 * 60 * 60 * 1000;
export const DEFAULT_NOTIFICATION_RETRY: NotificationRetry = { attempts: 5, baseDelayMs: 1000 };
export const NOTIFICATION_TIMEOUT_MS = 5000;
export const BODY_LIMIT_BYTES = 64 * 1024;
export const FIRST_ORDER_ID = 100001;
