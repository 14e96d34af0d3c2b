import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';

// A lock file created with O_EXCL: the only cross-process mutual exclusion Node offers without
// native modules. A holder that crashed leaves the file behind, so a lock older than `staleMs`
// is taken over (long after any refresh could still be running: refreshes time out in seconds).
export interface FileLockOptions {
  staleMs?: number;
  waitMs?: number;
  pollMs?: number;
}

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const { staleMs = 60_000, waitMs = 90_000, pollMs = 20 } = options;
  const owner = `${process.pid}:${randomUUID()}`;
  const giveUpAt = Date.now() + waitMs;
  while (!(await tryCreate(lockPath, owner))) {
    await takeOverIfStale(lockPath, staleMs);
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for lock ${lockPath}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs + Math.random() * pollMs));
  }
  try {
    return await fn();
  } finally {
    // Only remove our own lock: after a takeover the file may belong to someone else.
    if ((await readOwner(lockPath)) === owner) await fs.rm(lockPath, { force: true });
  }
}

async function tryCreate(lockPath: string, owner: string): Promise<boolean> {
  try {
    await fs.writeFile(lockPath, owner, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function takeOverIfStale(lockPath: string, staleMs: number): Promise<void> {
  const stat = await fs.stat(lockPath).catch(() => null);
  if (!stat || Date.now() - stat.mtimeMs < staleMs) return;
  const staleOwner = await readOwner(lockPath);
  // Re-check the owner right before removing, so we do not delete a lock someone just took over.
  if (staleOwner !== null && (await readOwner(lockPath)) === staleOwner) await fs.rm(lockPath, { force: true });
}

async function readOwner(lockPath: string): Promise<string | null> {
  return fs.readFile(lockPath, 'utf8').catch(() => null);
}
