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

/**
 * Runs until the first of `children` (or of the `others`, e.g. a server) exits, or we get SIGINT or
 * SIGTERM; then stops everything with `stopAll` and gives the exit code. After Ctrl-C every child got
 * the terminal's SIGINT already and is draining: `stopAll(true)` gives them time instead of a signal.
 */
export async function superviseUntilExit(
  children: RunningProcess[],
  others: { name: string; exited: Promise<unknown> }[],
  stopAll: (viaCtrlC?: boolean) => Promise<void>,
  stopping: () => boolean = () => false,
): Promise<number> {
  const firstExit = await Promise.race([
    ...children.map((c) => c.exited.then((code) => ({ name: c.name, code }))),
    ...others.map((o) => o.exited.then(() => ({ name: o.name, code: 1 }))),
    new Promise<{ name: string; code: number }>((r) => {
      process.once('SIGINT', () => r({ name: 'SIGINT', code: 0 }));
      process.once('SIGTERM', () => r({ name: 'SIGTERM', code: 0 }));
    }),
  ]);
  if (!stopping() && firstExit.name !== 'SIGINT' && firstExit.name !== 'SIGTERM') {
    process.stderr.write(`The ${firstExit.name} exited (code ${firstExit.code}); stopping everything.\n`);
    await stopAll();
    return firstExit.code || 1;
  }
  process.stderr.write('Stopping…\n');
  await stopAll(firstExit.name === 'SIGINT');
  return 0;
}
