// The OAuth integration the tests register in the sandbox.
export const OAUTH_APP = {
  clientId: 'integration-client-id',
  clientSecret: 'integration-client-secret',
  redirectUri: 'https://integration.example/amocrm/callback',
};

/** A worker process's settings for OAuth with tokens sealed in Temporal under `tokenKey` (base64 of 32 bytes). */
export function oauthWorkerSettings(tokenKey: string): Record<string, string> {
  return {
    AMOCRM_LONG_LIVED_TOKEN: '',
    AMOCRM_CLIENT_ID: OAUTH_APP.clientId,
    AMOCRM_CLIENT_SECRET: OAUTH_APP.clientSecret,
    AMOCRM_REDIRECT_URI: OAUTH_APP.redirectUri,
    AMOCRM_TOKEN_STORE: 'temporal',
    AMOCRM_TOKEN_KEY: tokenKey,
  };
}
