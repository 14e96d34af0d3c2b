import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import { registry } from './registry';

/** A dependency the process cannot serve without; resolves when it is usable, rejects saying why not. */
export type ReadinessCheck = () => Promise<void>;

export interface OpsServerOptions {
  /** What the process is, in messages ("worker", "webhook service"). */
  what: string;
  host: string;
  /** 0: any free port (logged). */
  port: number;
  readiness: Record<string, ReadinessCheck>;
  /** More Prometheus text for /metrics (the worker: the Temporal SDK's own metrics). */
  extraMetrics?: () => Promise<string>;
  log: Logger;
}

export interface OpsServer {
  url: string;
  /** From now on /readyz answers 503 (stopping): called when a drain starts, before the public port closes. */
  markStopping(): void;
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck): Promise<string> {
  return Promise.race([
    check().then(() => 'ok'),
    new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS).unref()),
  ]).catch((err: unknown) => `failing: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * The process's operations port, apart from any port the public reaches: `/metrics` (Prometheus),
 * `/livez` (the process runs: restart it if not) and `/readyz` (its dependencies answer: send it
 * no traffic if not; 503 names the failing one).
 */
export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  let closing = false;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: 'GET only' }));
    if (path === '/livez') return send(200, JSON.stringify({ live: true }));
    if (path === '/readyz') {
      const names = Object.keys(o.readiness);
      void Promise.all(names.map((name) => withTimeout(o.readiness[name]!))).then((results) => {
        const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
        const ready = !closing && results.every((r) => r === 'ok');
        send(ready ? 200 : 503, JSON.stringify({ ready, ...(closing ? { stopping: true } : {}), checks }));
      });
      return;
    }
    if (path === '/metrics') {
      void Promise.all([registry.metrics(), o.extraMetrics?.().catch((err: unknown) => `# SDK metrics unavailable: ${String(err)}\n`) ?? '']).then(
        ([ours, extra]) => send(200, `${ours}\n${extra}`, registry.contentType),
        (err: unknown) => send(500, JSON.stringify({ error: String(err) })),
      );
      return;
    }
    send(404, JSON.stringify({ error: 'not found: /metrics, /livez, /readyz' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`OPS_PORT ${o.port} on ${o.host} is in use: give the ${o.what} another OPS_PORT (0 picks a free one)`) : err),
    );
    server.listen(o.port, o.host, resolve);
  });
  const url = `http://${o.host}:${(server.address() as AddressInfo).port}`;
  o.log.info('Ops endpoints listening', { url, endpoints: ['/metrics', '/livez', '/readyz'] });
  return {
    url,
    markStopping: () => {
      closing = true;
    },
    close: () => {
      closing = true;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
