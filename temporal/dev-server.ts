import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from './ensure-search-attributes';
import { CLI_TYPE_NAMES, SEARCH_ATTRIBUTES } from './search-attributes';
import { SERVER_DYNAMIC_CONFIG } from './server-dynamic-config';

export interface DevServerOptions {
  binary: string;
  ip: string;
  port: number;
  uiPort?: number; // undefined → headless
  dbFile?: string; // undefined → in memory
  namespace: string;
  readyTimeoutMs?: number;
  /** Dynamic config on top of SERVER_DYNAMIC_CONFIG (`--dynamic-config-value KEY=JSON`), e.g. a low continue-as-new suggestion for recordings. */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  /** Resolves when the server process has exited (stopped, or died). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const TETHER = resolve(__dirname, '..', 'scripts', 'tether.cjs');

function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip, '--port', String(o.port), '-n', o.namespace, '--log-level', 'warn'];
  args.push(...(o.uiPort === undefined ? ['--headless'] : ['--ui-port', String(o.uiPort)]));
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  for (const key of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
  // Task-queue partitions stay at the server's default (several, as on a production cluster):
  // amoCRM's limit is held by the account coordinator, not by the queue's rate limit.
  for (const [key, value] of Object.entries({ ...SERVER_DYNAMIC_CONFIG, ...o.dynamicConfig })) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}

function keepTail(child: ChildProcess, lines: string[]): void {
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 30));
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
}

async function waitReady(address: string, namespace: string, child: ChildProcess, tail: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}:\n${tail.join('\n')}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        await ensureSearchAttributes(connection, namespace);
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal dev server at ${address} was not ready within ${timeoutMs / 1000} s (last error: ${lastError}).\n${tail.join('\n')}`);
}

/** Starts `temporal server start-dev`, tethered to this process, and waits until its namespace answers. */
export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  if (o.dbFile) mkdirSync(dirname(resolve(o.dbFile)), { recursive: true });
  const child = spawn(process.execPath, [TETHER, o.binary, ...devServerArgs(o)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const tail: string[] = [];
  keepTail(child, tail);
  const address = `${o.ip}:${o.port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitReady(address, o.namespace, child, tail, o.readyTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, uiUrl: o.uiPort === undefined ? undefined : `http://${o.ip}:${o.uiPort}`, exited, stop };
}
