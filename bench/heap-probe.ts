// Preloaded into the worker process by `bench:memory --profile DIR` (`--import tsx --import bench/heap-probe.ts`),
// never in production. On SIGWINCH (the SDK's runtime takes SIGUSR2 as a shutdown signal) it collects garbage,
// writes the process's memory figures and a V8 heap snapshot to HEAP_PROBE_DIR, and names the file on stderr
// ("heap probe written: …"), which the bench waits for. The bench runs this worker with TEMPORAL_DEBUG=1, so its
// workflows live in the main thread's heap (the SDK's same reusable V8 context, without the worker thread): a
// snapshot of this thread then sees them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';

const dir = process.env.HEAP_PROBE_DIR;
let taken = 0;

if (dir) {
  process.on('SIGWINCH', () => {
    const n = taken++;
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    const heap = getHeapStatistics();
    const snapshot = writeHeapSnapshot(join(dir, `worker-${n}.heapsnapshot`));
    const figures = join(dir, `worker-${n}.json`);
    writeFileSync(figures, JSON.stringify({ usage, heap, snapshot }));
    // The bench reads the file named here, so a stray SIGWINCH (a terminal resize reaches the whole
    // foreground process group) only costs an extra snapshot, never a wrong one.
    process.stderr.write(`heap probe written: ${figures}\n`);
  });
}
