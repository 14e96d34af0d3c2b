// A second worker process for the OAuth tests: it shares the token file with the test process,
// waits for "go" on stdin, then makes a few calls at once and prints how they went.
import { createInterface } from 'node:readline';
import { AmoClient, FileTokenStore, isAmoError } from '../../amocrm';
import { quietLogger } from './helpers';
import { OAUTH_APP } from './oauth-app';

const [url, tokenFile] = process.argv.slice(2);

async function main(): Promise<void> {
  const client = new AmoClient({
    baseUrl: url!,
    auth: { kind: 'oauth', ...OAUTH_APP, tokenStore: new FileTokenStore(tokenFile!) },
    logger: quietLogger,
  });
  process.stdout.write('ready\n');
  for await (const _line of createInterface({ input: process.stdin })) break;
  const results = await Promise.allSettled([client.getDeal(1), client.getDeal(2), client.listWebhooks()]);
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [isAmoError(r.reason) ? r.reason.kind : String(r.reason)] : []));
  process.stdout.write(`${JSON.stringify({ calls: results.length, errors })}\n`);
}

void main();
