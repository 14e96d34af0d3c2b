// Stage 2 (amoCRM stages drive Company 1) and stage 3 (webview orders) are not built
// yet. Refusing to run in those stages beats silently behaving like stage 1.
export function assertSupportedStage(stage: number): void {
  if (stage === 1) return;
  process.stderr.write(`INTEGRATION_STAGE=${stage} is not supported by this version yet: only stage 1 is implemented.\n`);
  process.exit(2);
}
