// CLI: run the amoCRM sandbox in the foreground until SIGINT/SIGTERM.
import { CliError, parseCliArgs, USAGE } from './cli-args';
import { startAmoSandbox } from './index';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await startAmoSandbox(options);
  process.stdout.write(`amoCRM sandbox listening on ${sandbox.url} (admin API: ${sandbox.url}/__sandbox/)\n`);
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`amoCRM sandbox failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
