// `npx tsx scripts/cpu-profile-summary.ts <file.cpuprofile> [--top N]`: where a Node process spent its CPU,
// from a V8 profile (`node --cpu-prof`, e.g. `NODE_OPTIONS=--cpu-prof npm run bench:stage1 -- --ceiling`).
// Prints self time by part of the system (our directories, each npm package, Node's internals, idle and GC),
// then the busiest functions.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as z from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** The part of the system a script URL belongs to: an npm package, one of our top-level directories, or Node. */
export function partOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm ${pkg[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/work\/[^/]+\/([^/]+)\//.exec(url) ?? /file:\/\/.*?\/([^/]+)\/[^/]+\.ts$/.exec(url);
  return ours ? `ours ${ours[1]}/` : url;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: cpu-profile-summary <file.cpuprofile> [--top N]');
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const part = partOf(url, functionName);
    parts.set(part, (parts.get(part) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/[^/]+\//, '')}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  const top = Number(values.top);
  const line = (label: string, us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(1).padStart(7)} s  ${label}`;
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n\nby part:\n`);
  for (const [part, us] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(part, us)}\n`);
  process.stdout.write('\nbusiest functions (self time):\n');
  for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(fn, us)}\n`);
}

if (require.main === module) main();
