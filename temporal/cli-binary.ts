import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export const CLI_VERSION = '1.5.1';
// v1.5.1 is the newest tag whose go.mod has no `replace` line; later tags refuse `go install …@version`.
const CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`;
export const TOOLS_BIN = resolve(__dirname, '..', '.tools', 'bin');

export class TemporalCliMissing extends Error {}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Where a usable `temporal` is, without building: $TEMPORAL_CLI, PATH, then a previous build. */
export function findTemporalCli(explicit = process.env.TEMPORAL_CLI): string | undefined {
  if (explicit) {
    if (!existsSync(explicit)) throw new TemporalCliMissing(`TEMPORAL_CLI=${explicit} does not exist.`);
    return resolve(explicit);
  }
  const built = join(TOOLS_BIN, 'temporal');
  return onPath('temporal') ?? (existsSync(built) ? built : undefined);
}

/** The Go toolchain, if installed (PATH, then Go's default install place). */
export function goBinary(): string | undefined {
  return onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** `go install` of modules into `gobin` (static binaries, from the module proxy); the exit status. */
export function goInstall(go: string, gobin: string, args: string[]): number | null {
  return spawnSync(go, ['install', ...args], { env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin, GOFLAGS: '-mod=mod' }, stdio: ['ignore', 'inherit', 'inherit'] }).status;
}

/** Finds the CLI, or builds it once from the Go module proxy into .tools/bin (minutes, cold). */
export function ensureTemporalCli(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string {
  const found = findTemporalCli();
  if (found) return found;
  const go = goBinary();
  if (!go) {
    throw new TemporalCliMissing(
      'No Temporal CLI found and Go is not installed to build one.\n' +
        '  Either install Go 1.22+ (https://go.dev/doc/install) and run again,\n' +
        '  or install the CLI (brew install temporal, or the release archive) and put `temporal` on PATH,\n' +
        '  or set TEMPORAL_CLI=/path/to/temporal, or TEMPORAL_ADDRESS=host:port to use a running server.',
    );
  }
  log(`Building the Temporal CLI v${CLI_VERSION} with ${go} into ${TOOLS_BIN} (once; a few minutes on a cold machine)…`);
  const started = Date.now();
  const status = goInstall(go, TOOLS_BIN, ['-ldflags', `-X github.com/temporalio/cli/temporalcli.Version=${CLI_VERSION}`, CLI_MODULE]);
  const built = join(TOOLS_BIN, 'temporal');
  if (status !== 0 || !existsSync(built)) {
    throw new TemporalCliMissing(`Building the Temporal CLI failed (go install exited ${status}). See the output above.`);
  }
  log(`Built ${built} in ${Math.round((Date.now() - started) / 1000)} s: ${execFileSync(built, ['--version']).toString().trim()}`);
  return built;
}
