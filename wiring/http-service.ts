import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';

/** An HTTP process's graceful stop on SIGINT/SIGTERM: finish the requests in flight, close Temporal, exit. */
export function closeOnSignals(what: string, app: FastifyInstance, client: Client, log: Logger): void {
  const close = async (signal: string) => {
    log.info(`${what} stopping`, { signal });
    await app.close();
    await client.connection.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
}
