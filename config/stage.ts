// Stage 2 (amoCRM stages drive Company 1) is partly built: deal changes reach the orders and
// edit Company 1, but the reconciliation that fills lost webhooks, the switch of stage-1 orders
// and the subscription status are missing; stage 3 (webview orders) is not built. Refusing to run
// in those stages beats running without the parts that keep nothing lost.
export function assertSupportedStage(stage: number): void {
  if (stage === 1) return;
  const why =
    stage === 2
      ? 'stage 2 is not complete yet (no reconciliation of lost webhooks, no switch of stage-1 orders, no subscription status; see docs/stage2.md)'
      : 'stage 3 is not built yet';
  process.stderr.write(`INTEGRATION_STAGE=${stage} is not supported by this version: ${why}.\n`);
  process.exit(2);
}
