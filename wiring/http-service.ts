import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';

/**
 * An HTTP process's graceful stop on SIGINT/SIGTERM: finish the requests in flight, then the `also`
 * closers (its ops port: readiness answers until the public port is closed), close Temporal, exit.
 */
export function closeOnSignals(what: string, app: FastifyInstance, client: Client, log: Logger, also: (() => Promise<void>)[] = []): void {
  const close = async (signal: string) => {
    log.info(`${what} stopping`, { signal });
    await app.close();
    for (const closeOther of also) await closeOther();
    await client.connection.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
}
