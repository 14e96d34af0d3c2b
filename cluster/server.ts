import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import type { ServerPorts } from './server-config';

const TETHER = resolve(__dirname, '..', 'scripts', 'tether.cjs');

export interface ClusterServer {
  address: string;
  metricsUrl: string;
  /** Resolves when the current server process exits. */
  exited(): Promise<number>;
  /** SIGKILL, as a crash or a lost host: no drain, no goodbye. */
  kill(): Promise<void>;
  /** Starts the server again on the same databases and ports (after kill or stop). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The last lines it wrote (for error messages). */
  tail(): string;
}

/** The server logs JSON with long stack traces: keep what an operator reads. */
function readable(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
    return `${entry.level ?? ''} ${entry.msg ?? ''}${entry.error ? `: ${entry.error}` : ''}`.trim();
  } catch {
    return line;
  }
}

async function waitReady(address: string, child: ChildProcess, tail: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The Temporal server exited with code ${child.exitCode}:\n${tail.join('\n')}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        // Answered from persistence by the frontend and history: the server is really up.
        await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`The Temporal server at ${address} was not ready within ${timeoutMs / 1000} s (last error: ${lastError}).\n${tail.join('\n')}`);
}

/** Runs `server start` (all four services in one process, as a small self-hosted cluster does), tethered to us. */
export async function startClusterServer(o: { binary: string; root: string; env: string; ports: ServerPorts; host?: string; readyTimeoutMs?: number }): Promise<ClusterServer> {
  const host = o.host ?? '127.0.0.1';
  const address = `${host}:${o.ports.frontend}`;
  const tail: string[] = [];
  let child!: ChildProcess;
  let exited!: Promise<number>;
  const launch = async () => {
    child = spawn(process.execPath, [TETHER, o.binary, '--root', o.root, '--config', 'config', '--env', o.env, '--allow-no-auth', 'start'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const remember = (chunk: Buffer) => {
      tail.push(...chunk.toString().split('\n').filter(Boolean).map(readable));
      tail.splice(0, Math.max(0, tail.length - 40));
    };
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : 0))));
    await waitReady(address, child, tail, o.readyTimeoutMs ?? 120_000);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await launch();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address,
    metricsUrl: `http://${host}:${o.ports.metrics}/metrics`,
    exited: () => exited,
    async kill() {
      if (child.exitCode !== null) return;
      // The tether's child is the server itself: kill that, then the tether follows it out.
      const serverPid = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n')[0];
      if (serverPid) process.kill(Number(serverPid), 'SIGKILL');
      await exited;
    },
    async restart() {
      await stop();
      await launch();
    },
    stop,
    tail: () => tail.join('\n'),
  };
}
