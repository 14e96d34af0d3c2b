import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TETHER = resolve(__dirname, 'tether.cjs');

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
  /** Wait up to `ms` for an exit the process was already asked for (e.g. by Ctrl-C), then stop(). */
  stopAfter(ms: number): Promise<void>;
}

/** Runs a TypeScript entry point as a tethered child: it dies with us, however we die. */
export function runTethered(name: string, entry: string, env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(process.execPath, [TETHER, process.execPath, '--import', 'tsx', resolve(ROOT, entry)], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = new Promise<number>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : 0))));
  return {
    name,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
    async stopAfter(ms: number) {
      const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), ms).unref());
      if ((await Promise.race([exited, timer])) === 'late') await this.stop();
    },
  };
}
