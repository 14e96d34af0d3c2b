// The worker's workflowsPath. Every export here becomes a startable workflow type,
// so this file exports workflows and nothing else.
export { orderWorkflow } from './order/workflow';
export { userContactWorkflow } from './contact/workflow';
export { feedPollWorkflow } from './feed/workflow';
export { amocrmAccountWorkflow } from './amocrm-account/workflow';
export { dealRouterWorkflow } from './deal-router/workflow';
export { reconcileDealsWorkflow } from './reconciliation/workflow';
export { webviewTokenUseWorkflow } from './webview/token-use';
export { backfillWorkflow } from './backfill/workflow';
