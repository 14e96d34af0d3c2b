import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FileTokenStore } from '../../amocrm';

async function tempFile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'amo-tokens-'));
  return path.join(dir, 'nested', 'tokens.json');
}

const pair = { accessToken: 'a1', refreshToken: 'r1', expiresAt: 1 };

void describe('FileTokenStore', () => {
  void it('loads nothing before the first save, then the saved pair, from a 0600 file', async () => {
    const file = await tempFile();
    const store = new FileTokenStore(file);
    assert.equal(await store.load(), null);
    await store.save(pair);
    assert.deepEqual(await new FileTokenStore(file).load(), pair);
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await fs.readdir(path.dirname(file)), ['tokens.json']);
  });

  void it('lets only one holder at a time run under the lock, across store instances', async () => {
    const file = await tempFile();
    let inside = 0;
    let maxInside = 0;
    const critical = async () => {
      inside += 1;
      maxInside = Math.max(maxInside, inside);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inside -= 1;
    };
    await Promise.all(Array.from({ length: 6 }, () => new FileTokenStore(file).withLock(critical)));
    assert.equal(maxInside, 1);
    await assert.rejects(fs.stat(`${file}.lock`), { code: 'ENOENT' });
  });

  void it('takes over a lock left behind by a crashed process', async () => {
    const file = await tempFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(`${file}.lock`, 'dead-process');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(`${file}.lock`, old, old);
    const result = await new FileTokenStore(file, { staleMs: 30_000 }).withLock(() => Promise.resolve('ran'));
    assert.equal(result, 'ran');
  });

  void it('releases the lock when the work fails', async () => {
    const file = await tempFile();
    const store = new FileTokenStore(file);
    await assert.rejects(store.withLock(() => Promise.reject(new Error('refresh failed'))), /refresh failed/);
    assert.equal(await store.withLock(() => Promise.resolve(2)), 2);
  });
});
