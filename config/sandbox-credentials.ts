// Credentials of the local sandboxes that `npm start` runs. Not secrets: they open
// nothing but the emulators on 127.0.0.1, and real settings replace them.
export const SANDBOX_AMOCRM_TOKEN = 'sandbox-long-lived-token';
export const SANDBOX_COMPANY1_API_KEY = 'sandbox-company1-api-key';
export const SANDBOX_COMPANY1_NOTIFICATION_SECRET = 'sandbox-company1-notification-secret';
export const SANDBOX_AMOCRM_WEBHOOK_SECRET = 'sandbox-amocrm-webhook-secret';
/** Seals the webview's session cookies when WEBVIEW_SESSION_SECRET is unset (sandbox setups only: required with real Company 1). */
export const SANDBOX_WEBVIEW_SESSION_SECRET = 'sandbox-webview-session-secret-not-for-production';
