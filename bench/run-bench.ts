import type { ChildProcess } from 'node:child_process';

/** Runs a benchmark's main: exit 0 when it is done (servers it left open do not keep it alive), 1 with the error. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** Waits until a service the bench spawned answers `/readyz` (30 s at most, or until it exits). */
export async function untilReady(url: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; ; i += 1) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    if (i > 300 || child.exitCode !== null) throw new Error(`the ${what} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
