import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withFileLock, type FileLockOptions } from './file-lock';
import { tokenPair, type TokenPair, type TokenStore } from './token-store';

// Tokens on disk, shared by every process of this host. Writes are atomic (temp file, fsync,
// rename) so a crash never leaves half a pair: losing the new refresh token would force an
// operator to re-authorize, because the old one is already spent.
export class FileTokenStore implements TokenStore {
  constructor(
    readonly filePath: string,
    private readonly lockOptions: FileLockOptions = {},
  ) {}

  async load(): Promise<TokenPair | null> {
    let text: string;
    try {
      text = await fs.readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = tokenPair.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`token file ${this.filePath} is not a valid token pair`);
    return parsed.data;
  }

  async save(pair: TokenPair): Promise<void> {
    const dir = path.dirname(this.filePath);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.filePath}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(pair));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, this.filePath);
    await syncDirectory(dir);
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    await fs.mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    return withFileLock(`${this.filePath}.lock`, fn, this.lockOptions);
  }
}

// Makes the rename itself durable; not every platform can open a directory, so best effort.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}
