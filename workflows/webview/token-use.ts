/**
 * The record that one webview sign-in token was used (id `webview-token-<hash of its jti>`). Its start is the
 * check: Temporal refuses a second workflow with the same id for as long as the namespace keeps closed
 * workflows (days, far beyond a token's few minutes), across every webview process. It does nothing else.
 */
export async function webviewTokenUseWorkflow(): Promise<void> {
  return Promise.resolve();
}
