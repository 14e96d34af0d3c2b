// Programmatic entry point: start an in-memory amoCRM API v4 emulator on a local port.
import { AmoSandboxAdmin } from './admin-client';
import { buildApp } from './app';
import { createContext } from './context';
import { type AmoSandboxOptions, resolveOptions } from './options';
import { SEED_ACCOUNT_ID } from './seed';

export type { AmoSandboxOptions, OAuthClient, RateLimitSettings } from './options';
export { AmoSandboxAdmin } from './admin-client';
export { SEED_ACCOUNT_ID, SEED_FIELD_IDS, SEED_PIPELINES, SEED_TAGS, SEED_USER_ID } from './seed';

export interface AmoSandbox {
  /** e.g. http://127.0.0.1:54321, the account's base URL (API under /api/v4, OAuth under /oauth2). */
  url: string;
  port: number;
  subdomain: string;
  accountId: number;
  /** Typed wrapper of the /__sandbox/ admin API of this instance. */
  admin: AmoSandboxAdmin;
  close(): Promise<void>;
}

export async function startAmoSandbox(options?: AmoSandboxOptions): Promise<AmoSandbox> {
  const config = resolveOptions(options);
  const ctx = createContext(config);
  const app = buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    subdomain: config.subdomain,
    accountId: SEED_ACCOUNT_ID,
    admin: new AmoSandboxAdmin(url),
    close: async () => {
      ctx.dispatcher.stop();
      await app.close();
    },
  };
}
