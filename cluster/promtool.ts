import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { goBinary, goInstall, onPath, TOOLS_BIN } from '../temporal/cli-binary';

// Prometheus's own rule checker, to validate deploy/prometheus/ (the cluster tier runs it).
export const PROMTOOL_VERSION = '0.316.0'; // the Go module version of Prometheus v3.x served by the module proxy
const MODULE = `github.com/prometheus/prometheus/cmd/promtool@v${PROMTOOL_VERSION}`;

export class PromtoolMissing extends Error {}

/** $PROMTOOL, `promtool` on PATH, a previous build in .tools/, or a build from the Go module proxy (minutes, once). */
export function ensurePromtool(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string {
  if (process.env.PROMTOOL) {
    if (!existsSync(process.env.PROMTOOL)) throw new PromtoolMissing(`PROMTOOL=${process.env.PROMTOOL} does not exist.`);
    return process.env.PROMTOOL;
  }
  const dir = join(TOOLS_BIN, `promtool-${PROMTOOL_VERSION}`);
  const built = join(dir, 'promtool');
  const found = onPath('promtool') ?? (existsSync(built) ? built : undefined);
  if (found) return found;
  const go = goBinary();
  if (!go) throw new PromtoolMissing('promtool is not installed and Go is not there to build it: install promtool (Prometheus) or Go, or set PROMTOOL.');
  log(`Building promtool (Prometheus module v${PROMTOOL_VERSION}) into ${dir} (once; a few minutes on a cold machine)…`);
  const started = Date.now();
  const status = goInstall(go, dir, [MODULE]);
  if (status !== 0 || !existsSync(built)) throw new PromtoolMissing(`Building promtool failed (go install exited ${status}). See the output above.`);
  log(`Built promtool in ${Math.round((Date.now() - started) / 1000)} s.`);
  return built;
}
