// Operator command: `npm run amocrm:oauth -- --code <code>`.
// Trades an amoCRM authorization code (valid 20 minutes, from the integration's "Keys" tab or
// the redirect) for the first OAuth token pair and stores it where the workers read it.
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { AmoClient, FileTokenStore, isAmoError } from '../amocrm';
import { createLogger } from '../logging/logger';

const env = z.object({
  AMOCRM_BASE_URL: z.string().url('must be the account URL, e.g. https://company2.amocrm.ru'),
  AMOCRM_CLIENT_ID: z.string().min(1),
  AMOCRM_CLIENT_SECRET: z.string().min(1),
  AMOCRM_REDIRECT_URI: z.string().min(1),
  AMOCRM_TOKEN_FILE: z.string().min(1).default('.data/amocrm-tokens.json'),
});

function fail(message: string): never {
  process.stderr.write(`amocrm:oauth: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { code: { type: 'string' } } });
  if (!values.code) fail('usage: npm run amocrm:oauth -- --code <authorization code>');
  const parsed = env.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.input === undefined ? 'not set' : i.message}`);
    fail(`missing or invalid environment variables:\n  ${problems.join('\n  ')}`);
  }
  const settings = parsed.data;
  const client = new AmoClient({
    baseUrl: settings.AMOCRM_BASE_URL,
    auth: {
      kind: 'oauth',
      clientId: settings.AMOCRM_CLIENT_ID,
      clientSecret: settings.AMOCRM_CLIENT_SECRET,
      redirectUri: settings.AMOCRM_REDIRECT_URI,
      tokenStore: new FileTokenStore(settings.AMOCRM_TOKEN_FILE),
    },
    logger: createLogger('amocrm-oauth'),
  });
  try {
    await client.exchangeAuthCode(values.code);
  } catch (err) {
    fail(isAmoError(err) ? err.message : String(err));
  }
  process.stdout.write(`amoCRM tokens stored in ${settings.AMOCRM_TOKEN_FILE}\n`);
}

void main();
