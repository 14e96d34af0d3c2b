import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/**
 * Where the workflows are, and the modules the SDK's reusable V8 context loads once and shares across every
 * workflow it runs: all of workflows/ and what it imports. Without this, each workflow (every new order, every
 * replay after eviction) evaluated the whole bundle's modules again. Measured with `bench:memory`
 * (docs/stage1.md): 13–16 % less worker memory per cached workflow. Shared means the SDK deep-freezes their
 * exports and module scope runs before any workflow exists, so workflow modules keep no module-level state
 * (ESLint holds them to it).
 */
const workflowsPath = require.resolve('../workflows');
export const workflowBundling = { workflowsPath, preloadModules: [workflowsPath] };

/** Bundles workflows/ once into `dir`, for workers started with `workflowBundle: { codePath }`. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...workflowBundling, logger: new DefaultLogger('WARN') });
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  return path;
}
