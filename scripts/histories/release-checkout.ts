// A released version of the code, checked out beside the work tree, whose own processes
// (worker, webhook service, operator CLI) write the histories the current code must replay.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TETHER = join(ROOT, 'scripts', 'tether.cjs');

const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

export interface ReleaseCheckout {
  sha: string;
  dir: string;
  /** Entry points move between versions: the first candidate that exists in this checkout. */
  entry(candidates: string[]): string;
  /** Whether this version has a file (what it can do). */
  has(path: string): boolean;
  remove(): void;
}

export function checkOutRelease(commit: string): ReleaseCheckout {
  const sha = git('rev-parse', '--verify', `${commit}^{commit}`);
  const dir = join(mkdtempSync(join(tmpdir(), 'c1amo-release-')), 'code');
  git('worktree', 'add', '--detach', dir, sha);
  const sameLock = readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(ROOT, 'package-lock.json'), 'utf8');
  if (sameLock) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  else execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  return {
    sha,
    dir,
    entry(candidates) {
      const found = candidates.find((c) => existsSync(join(dir, c)));
      if (!found) throw new Error(`release ${sha.slice(0, 8)} has none of ${candidates.join(', ')}`);
      return join(dir, found);
    },
    has(path) {
      return existsSync(join(dir, path));
    },
    remove() {
      git('worktree', 'remove', '--force', dir);
    },
  };
}

export interface ReleaseProcess {
  child: ChildProcess;
  /** Resolves once the process printed `readyText`. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry point of the checkout with its own tsx and node_modules. */
export function runReleaseProcess(release: ReleaseCheckout, entry: string, env: NodeJS.ProcessEnv, readyText: string): ReleaseProcess {
  // Tethered: if the recorder dies, the release's processes die with it.
  const child = spawn(process.execPath, [TETHER, process.execPath, '--import', 'tsx', entry], { cwd: release.dir, env: { PATH: process.env.PATH, DOTENV: 'off', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const ready = new Promise<void>((resolveReady, reject) => {
    const watch = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(readyText)) resolveReady();
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
  });
  return {
    child,
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a one-shot command of the checkout (e.g. the operator CLI) and returns its output. */
export function runReleaseCommand(release: ReleaseCheckout, entry: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: release.dir, env: { PATH: process.env.PATH, DOTENV: 'off', ...env }, encoding: 'utf8' });
}
