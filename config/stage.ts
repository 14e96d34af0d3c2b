// Every stage is built: 1 (Company 1 closes orders), 2 (amoCRM's stages drive them), 3 (the webview books them).
export function assertSupportedStage(stage: number): void {
  if (stage === 1 || stage === 2 || stage === 3) return;
  process.stderr.write(`INTEGRATION_STAGE=${stage} is not supported by this version.\n`);
  process.exit(2);
}
