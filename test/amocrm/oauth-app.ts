// The OAuth integration the tests register in the sandbox.
export const OAUTH_APP = {
  clientId: 'integration-client-id',
  clientSecret: 'integration-client-secret',
  redirectUri: 'https://integration.example/amocrm/callback',
};
