import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/**
 * Where the workflows are, and the modules the SDK's reusable V8 context would load once and share across every
 * workflow it runs (`preloadModules`). None, for now. Preloading all of workflows/ cut the worker's memory per
 * cached workflow by 13–16 % (each workflow otherwise evaluates the bundle's 32 modules again), but the one
 * 10,000-order backfill run with it took 28.1 min against 21.6 min without, run one after the other; 3,000
 * orders ran alike. Until that is understood it stays off (docs/stage1.md, "Where a cached workflow's memory
 * goes"). ESLint already keeps module-level state out of the bundle's modules, which preloading requires.
 */
const workflowsPath = require.resolve('../workflows');
export const workflowBundling: { workflowsPath: string; preloadModules: string[] } = { workflowsPath, preloadModules: [] };

/** Bundles workflows/ once into `dir`, for workers started with `workflowBundle: { codePath }`. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...workflowBundling, logger: new DefaultLogger('WARN') });
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  return path;
}
