import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { goBinary, goInstall, TOOLS_BIN } from './cli-binary';

// The Temporal server itself, for the production-like cluster (`npm run cluster`, `npm run test:cluster`):
// the same server version our CLI embeds, so the dev server and the cluster run the same code.
export const SERVER_VERSION = '1.29.1';
const SERVER_MODULE = `go.temporal.io/server`;

export class TemporalServerMissing extends Error {}

export interface ServerBinaries {
  /** `server --root … --config … --env … start` */
  server: string;
  /** The schema tool (`temporal-sql-tool` in Temporal's releases): create databases, set up and update schemas. */
  sqlTool: string;
}

function binariesIn(dir: string): ServerBinaries {
  return { server: join(dir, 'server'), sqlTool: join(dir, 'sql') };
}

/** $TEMPORAL_SERVER_DIR (a folder with `server` and `sql`), else a previous build in .tools/. */
export function findServerBinaries(explicitDir = process.env.TEMPORAL_SERVER_DIR): ServerBinaries | undefined {
  if (explicitDir) {
    const given = binariesIn(resolve(explicitDir));
    if (!existsSync(given.server) || !existsSync(given.sqlTool)) {
      throw new TemporalServerMissing(`TEMPORAL_SERVER_DIR=${explicitDir} must hold the \`server\` and \`sql\` binaries of go.temporal.io/server v${SERVER_VERSION}.`);
    }
    return given;
  }
  const built = binariesIn(join(TOOLS_BIN, `temporal-server-${SERVER_VERSION}`));
  return existsSync(built.server) && existsSync(built.sqlTool) ? built : undefined;
}

/** Finds the server binaries, or builds both once from the Go module proxy (about 4 minutes on a cold Go cache). */
export function ensureServerBinaries(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): ServerBinaries {
  const found = findServerBinaries();
  if (found) return found;
  const go = goBinary();
  if (!go) {
    throw new TemporalServerMissing(
      `The cluster needs the Temporal server v${SERVER_VERSION}, built with Go (1.23+), which is not installed.\n` +
        '  Install Go and run again, or set TEMPORAL_SERVER_DIR to a folder holding `server` and `sql` (temporal-sql-tool) of that version.',
    );
  }
  const dir = join(TOOLS_BIN, `temporal-server-${SERVER_VERSION}`);
  log(`Building the Temporal server v${SERVER_VERSION} and its SQL schema tool into ${dir} (once; about 4 minutes on a cold machine)…`);
  const started = Date.now();
  const status = goInstall(go, dir, [`${SERVER_MODULE}/cmd/server@v${SERVER_VERSION}`, `${SERVER_MODULE}/cmd/tools/sql@v${SERVER_VERSION}`]);
  const built = binariesIn(dir);
  if (status !== 0 || !existsSync(built.server) || !existsSync(built.sqlTool)) {
    throw new TemporalServerMissing(`Building the Temporal server failed (go install exited ${status}). See the output above.`);
  }
  log(`Built the Temporal server in ${Math.round((Date.now() - started) / 1000)} s.`);
  return built;
}
