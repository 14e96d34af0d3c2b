// `npm run bench:replay [-- --copies N --rounds R]`: what it costs the worker to build a workflow and replay its
// history, the work every eviction from the workflow cache repeats on the order's next task. Replays each recorded
// history of test/histories N times, with the workflow modules shared (preloadModules, as the workers run) and
// loaded by every workflow, alternating R rounds. No server needed. By hand, not in CI. Last line: JSON.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowBundling, writeWorkflowBundle } from '../temporal/workflow-bundle';
import { recordedHistories } from '../test/support/recorded-histories';
import { runBench } from './run-bench';

function loadRecordedHistories() {
  return recordedHistories().map(({ file }) => historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))));
}

type History = ReturnType<typeof loadRecordedHistories>[number];

async function replayAll(codePath: string, histories: History[], copies: number) {
  function* inputs() {
    for (let c = 0; c < copies; c += 1) for (const [i, history] of histories.entries()) yield { workflowId: `replay-${c}-${i}`, history };
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let replays = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath } }, inputs())) {
    if (result.error) throw new Error(`${result.workflowId} did not replay: ${String(result.error)}`);
    replays += 1;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: (performance.now() - started) / replays, cpuMs: (cpu.user + cpu.system) / 1000 / replays };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const { values } = parseArgs({ options: { copies: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
  const copies = Number(values.copies);
  const rounds = Number(values.rounds);
  // The sinks' calls during replay are skipped and logged; warnings only.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const histories = loadRecordedHistories();
  const dir = (mode: string) => mkdtempSync(join(tmpdir(), `c1amo-replay-${mode}-`));
  const modes = { shared: await writeWorkflowBundle(dir('shared'), [workflowBundling.workflowsPath]), perWorkflow: await writeWorkflowBundle(dir('per-workflow'), []) };
  process.stderr.write(`${histories.length} recorded histories × ${copies}, ${rounds} rounds of each mode\n`);
  // Warm-up: the first rounds of a process are up to 50 % slower (JIT, heap growth), whichever mode comes first.
  for (const codePath of Object.values(modes)) await replayAll(codePath, histories, 2);
  const figures: Record<keyof typeof modes, { wallMs: number[]; cpuMs: number[] }> = { shared: { wallMs: [], cpuMs: [] }, perWorkflow: { wallMs: [], cpuMs: [] } };
  for (let r = 0; r < rounds; r += 1) {
    for (const [mode, codePath] of Object.entries(modes) as [keyof typeof modes, string][]) {
      const { wallMs, cpuMs } = await replayAll(codePath, histories, copies);
      figures[mode].wallMs.push(wallMs);
      figures[mode].cpuMs.push(cpuMs);
      process.stderr.write(`  round ${r + 1}, modules ${mode}: ${round2(wallMs)} ms a replay, ${round2(cpuMs)} ms CPU\n`);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(figures).map(([mode, f]) => [mode, { replayMsMedian: round2(median(f.wallMs)), cpuMsMedian: round2(median(f.cpuMs)) }]),
  );
  process.stdout.write(`${JSON.stringify({ histories: histories.length, copies, rounds, ...summary })}\n`);
}

runBench(main);
