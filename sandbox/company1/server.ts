// startCompany1Sandbox: wires the store, the notifier and stage behaviour to the HTTP app and listens.
import { createLogger } from '../../logging/logger';
import { buildApp } from './app';
import { AppIdentity } from './app-identity';
import { Notifier } from './notifier';
import {
  DEFAULT_AUTO_CLOSE_MS,
  DEFAULT_NOTIFICATION_RETRY,
  type Company1Sandbox,
  type Company1SandboxOptions,
} from './options';
import { OrderStore } from './order-store';
import { RequestLog } from './request-log';
import { SandboxState } from './sandbox-state';

export type { Company1Sandbox, Company1SandboxOptions } from './options';

export async function startCompany1Sandbox(o: Company1SandboxOptions): Promise<Company1Sandbox> {
  const logger = createLogger('sandbox.company1');
  const store = new OrderStore(o.persistFile, o.firstOrderId);
  const notifier = new Notifier(o.subscribers ?? [], o.notificationRetry ?? DEFAULT_NOTIFICATION_RETRY, logger);
  const state = new SandboxState(store, notifier, o.stage ?? 1, o.autoCloseAfterMs ?? DEFAULT_AUTO_CLOSE_MS, logger);
  const app = buildApp(state, new RequestLog(), o.apiKey, logger, { identity: await AppIdentity.create(), webviewUrl: o.webviewUrl });

  const host = o.host ?? '127.0.0.1';
  await app.listen({ port: o.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('Company 1 sandbox listening', { url, stage: state.settings.stage });

  return {
    url,
    async close() {
      state.close();
      await app.close();
    },
  };
}
