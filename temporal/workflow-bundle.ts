import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/**
 * Where the workflows are, and the modules the SDK's reusable V8 context loads once and shares across every
 * workflow it runs (`preloadModules`): all of workflows/. Without it, each workflow (each new order, each replay
 * after eviction) evaluates the bundle's 32 modules again; shared, the worker's memory per cached workflow is
 * 13–16 % lower, and a 10,000-order backfill took 19.5 min against 20.6 without (docs/stage1.md, "Where a cached
 * workflow's memory goes"). Shared modules must keep no state of their own (one workflow's would leak into the
 * next): ESLint refuses module-level state in the bundle's modules, and the SDK deep-freezes what they export.
 */
const workflowsPath = require.resolve('../workflows');
export const workflowBundling: { workflowsPath: string; preloadModules: string[] } = { workflowsPath, preloadModules: [workflowsPath] };

/**
 * Bundles workflows/ once into `dir`, for workers started with `workflowBundle: { codePath }`. Other
 * `preloadModules` than the workers' are only for measuring them (bench/replay.ts).
 */
export async function writeWorkflowBundle(dir: string, preloadModules = workflowBundling.preloadModules): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...workflowBundling, preloadModules, logger: new DefaultLogger('WARN') });
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  return path;
}
