import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import type { OpsServer } from '../metrics/ops-server';

/**
 * An HTTP process's graceful stop on SIGINT/SIGTERM: its ops port turns not-ready, the requests in flight
 * finish, then the ops port closes, Temporal closes, and the process exits.
 */
export function closeOnSignals(what: string, app: FastifyInstance, client: Client, log: Logger, ops?: OpsServer): void {
  const close = async (signal: string) => {
    log.info(`${what} stopping`, { signal });
    ops?.markStopping();
    await app.close();
    await ops?.close();
    await client.connection.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
}
