import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/** Bundles workflows/ once into `dir`, for workers started with `workflowBundle: { codePath }`. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  return path;
}
