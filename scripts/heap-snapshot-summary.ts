// `npx tsx scripts/heap-snapshot-summary.ts <before.heapsnapshot> <after.heapsnapshot> [--per N] [--top K]`:
// what a V8 heap grew by between two snapshots, by kind of object (constructor, closure's function name,
// strings, arrays, compiled code), optionally divided by N (e.g. workflows held). `bench:memory --profile`
// prints the same for its two snapshots. Reads the snapshot's flat node table straight from the file:
// snapshots of a big heap are larger than the longest string JSON.parse takes.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as z from 'zod';

const metaSchema = z.object({
  snapshot: z.object({
    meta: z.object({ node_fields: z.array(z.string()), node_types: z.array(z.unknown()) }),
    node_count: z.number(),
  }),
});

export interface HeapSummary {
  /** Bytes (self size) by kind of object. */
  bytes: Map<string, number>;
  /** Objects by kind. */
  count: Map<string, number>;
  totalBytes: number;
}

/** The numbers of a JSON array of non-negative integers starting at `from` (just after its `[`). */
function readIntegers(buf: Buffer, from: number, expected: number): Float64Array {
  const out = new Float64Array(expected);
  let n = 0;
  let value = -1;
  for (let i = from; i < buf.length && n < expected; i += 1) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) value = (value < 0 ? 0 : value * 10) + (c - 48);
    else if (value >= 0) {
      out[n++] = value;
      value = -1;
      if (c === 93) break; // ]
    } else if (c === 93) break;
  }
  if (n !== expected) throw new Error(`heap snapshot: expected ${expected} node fields, read ${n}`);
  return out;
}

export function summarizeHeapSnapshot(file: string): HeapSummary {
  const buf = readFileSync(file);
  const nodesAt = buf.indexOf('"nodes":[');
  const stringsAt = buf.indexOf('"strings":[');
  if (nodesAt < 0 || stringsAt < 0) throw new Error(`${file}: not a V8 heap snapshot (no nodes or strings table)`);
  const meta = metaSchema.parse(JSON.parse(`${buf.subarray(0, nodesAt).toString('utf8').trim().replace(/,$/, '')}}`));
  const fields = meta.snapshot.meta.node_fields;
  const types = z.array(z.string()).parse(meta.snapshot.meta.node_types[0]);
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  if (typeAt! < 0 || nameAt! < 0 || sizeAt! < 0) throw new Error(`${file}: unknown node layout ${fields.join(',')}`);
  const nodes = readIntegers(buf, nodesAt + '"nodes":['.length, meta.snapshot.node_count * fields.length);
  const end = buf.lastIndexOf(']');
  const strings = z.array(z.string()).parse(JSON.parse(buf.subarray(stringsAt + '"strings":'.length, end + 1).toString('utf8')));
  const bytes = new Map<string, number>();
  const count = new Map<string, number>();
  let totalBytes = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt!]!] ?? '?';
    const name = strings[nodes[i + nameAt!]!] ?? '?';
    const size = nodes[i + sizeAt!]!;
    // DevTools' grouping: objects by constructor, closures by function, the rest by kind.
    const kind = type === 'object' || type === 'native' ? name : type === 'closure' ? `closure ${name || '(anonymous)'}` : type.endsWith('string') ? '(string)' : `(${type})`;
    bytes.set(kind, (bytes.get(kind) ?? 0) + size);
    count.set(kind, (count.get(kind) ?? 0) + 1);
    totalBytes += size;
  }
  return { bytes, count, totalBytes };
}

/** The kinds that grew the most from `before` to `after`, per `per` (e.g. per workflow held). */
export function heapGrowth(before: HeapSummary, after: HeapSummary, per: number, top: number): string[] {
  const kinds = new Set([...before.bytes.keys(), ...after.bytes.keys()]);
  const growth = [...kinds].map((k) => ({
    kind: k,
    bytes: ((after.bytes.get(k) ?? 0) - (before.bytes.get(k) ?? 0)) / per,
    count: ((after.count.get(k) ?? 0) - (before.count.get(k) ?? 0)) / per,
  }));
  growth.sort((a, b) => b.bytes - a.bytes);
  const total = (after.totalBytes - before.totalBytes) / per;
  const kib = (b: number) => `${(b / 1024).toFixed(1).padStart(8)} KiB`;
  return [
    `heap grew ${kib(total)}${per === 1 ? '' : ` per unit (÷ ${per})`}: ${(before.totalBytes / 2 ** 20).toFixed(0)} → ${(after.totalBytes / 2 ** 20).toFixed(0)} MiB in all`,
    // Shares of the growth: meaningless when the heap did not grow.
    ...growth.slice(0, top).map((g) => `${kib(g.bytes)}  ${total > 0 ? ((100 * g.bytes) / total).toFixed(0).padStart(3) : '  -'} %  ${g.count.toFixed(1).padStart(8)} objects  ${g.kind.slice(0, 90)}`),
  ];
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { per: { type: 'string', default: '1' }, top: { type: 'string', default: '25' } } });
  const [before, after] = positionals;
  if (!before || !after) throw new Error('usage: heap-snapshot-summary <before.heapsnapshot> <after.heapsnapshot> [--per N] [--top K]');
  for (const line of heapGrowth(summarizeHeapSnapshot(before), summarizeHeapSnapshot(after), Number(values.per), Number(values.top))) process.stdout.write(`${line}\n`);
}

if (require.main === module) main();
