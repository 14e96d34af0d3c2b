// `npm run temporal:ensure`: find or build the Temporal CLI and print its path.
import { ensureTemporalCli, TemporalCliMissing } from '../temporal/cli-binary';

try {
  process.stdout.write(`${ensureTemporalCli()}\n`);
} catch (err) {
  if (!(err instanceof TemporalCliMissing)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
