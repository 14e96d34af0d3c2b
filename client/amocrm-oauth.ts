// Operator command: `npm run amocrm:oauth -- --code <code>`.
// Trades an amoCRM authorization code (valid 20 minutes, from the integration's "Keys" tab or
// the redirect) for the first OAuth token pair and stores it where the workers read it: sealed
// in the account's coordinator workflow (AMOCRM_TOKEN_STORE=temporal: a worker must be running
// to take it) or in AMOCRM_TOKEN_FILE.
import { parseArgs } from 'node:util';
import { isAmoError } from '../amocrm';
import { loadConfigOrExit } from '../config/boot';
import { createLogger } from '../logging/logger';
import { connectClient } from '../temporal/connection';
import { amoClientFrom, amocrmAccountFrom } from '../wiring/clients';

function fail(message: string): never {
  process.stderr.write(`amocrm:oauth: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { code: { type: 'string' } } });
  if (!values.code) fail('usage: npm run amocrm:oauth -- --code <authorization code>');
  const config = loadConfigOrExit();
  const auth = config.amocrm.auth;
  if (auth.kind !== 'oauth') fail('needs the OAuth settings: AMOCRM_BASE_URL, AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET, AMOCRM_REDIRECT_URI (and no AMOCRM_LONG_LIVED_TOKEN)');
  const client = auth.tokenStore.kind === 'temporal' ? await connectClient(config.temporal) : undefined;
  try {
    const account = client ? amocrmAccountFrom(config, client) : undefined;
    const amo = amoClientFrom(config, createLogger('amocrm-oauth'), account && { account, sharedRateLimit: false });
    await amo.exchangeAuthCode(values.code).catch((err: unknown) => fail(isAmoError(err) ? err.message : err instanceof Error ? err.message : String(err)));
    const where = auth.tokenStore.kind === 'temporal' ? `sealed in Temporal (workflow ${account!.workflowId})` : auth.tokenStore.path;
    process.stdout.write(`amoCRM tokens stored ${auth.tokenStore.kind === 'temporal' ? '' : 'in '}${where}\n`);
  } finally {
    await client?.connection.close();
  }
}

void main();
