// Stage 3 (orders created from the webview) is not built: refusing to run in it beats starting
// workers and webhooks that would take its orders and drop them.
export function assertSupportedStage(stage: number): void {
  if (stage === 1 || stage === 2) return;
  process.stderr.write(`INTEGRATION_STAGE=${stage} is not supported by this version: stage 3 is not built yet.\n`);
  process.exit(2);
}
