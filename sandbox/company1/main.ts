// `npm run sandbox:company1 -- --api-key <key> [--port <p>] ...`: the sandbox in the foreground until
// SIGINT/SIGTERM. Bad flags: a message naming the flag on stderr and exit code 2.
import { USAGE, parseCliArgs } from './cli-args';
import { startCompany1Sandbox } from './server';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const sandbox = await startCompany1Sandbox(parsed.options);
  process.stdout.write(`Company 1 sandbox: ${sandbox.url}\n`);
  const stop = (): void => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Company 1 sandbox failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
