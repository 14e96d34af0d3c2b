// Arguments of `npm run sandbox:amocrm -- --port <p> --token <t>`.
import { parseArgs } from 'node:util';
import type { AmoSandboxOptions, OAuthClient } from './options';

export const USAGE = `Usage: npm run sandbox:amocrm -- [--port <0-65535>] [--token <long-lived token>]... [--subdomain <name>]
       [--oauth-client <clientId>:<clientSecret>:<redirectUri>]... [--no-rate-limit] [--log-requests]`;

export class CliError extends Error {}

function port(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new CliError(`Invalid --port "${raw}": expected an integer from 0 to 65535.`);
  return n;
}

function oauthClient(raw: string): OAuthClient {
  const [clientId, clientSecret, ...rest] = raw.split(':');
  const redirectUri = rest.join(':');
  if (!clientId || !clientSecret || !/^https?:\/\//.test(redirectUri)) {
    throw new CliError(`Invalid --oauth-client "${raw}": expected <clientId>:<clientSecret>:<http(s) redirect URI>.`);
  }
  return { clientId, clientSecret, redirectUri };
}

/** Parsed options, or 'help'; throws CliError with a message for the user. */
export function parseCliArgs(argv: string[]): AmoSandboxOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        token: { type: 'string', multiple: true },
        subdomain: { type: 'string' },
        'oauth-client': { type: 'string', multiple: true },
        'no-rate-limit': { type: 'boolean' },
        'log-requests': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (values.help) return 'help';
  const tokens = values.token ?? [];
  if (tokens.some((t) => t.trim() === '')) throw new CliError('Invalid --token: must not be empty.');
  return {
    port: port(values.port),
    host: '127.0.0.1',
    subdomain: values.subdomain,
    longLivedTokens: tokens,
    oauthClients: (values['oauth-client'] ?? []).map(oauthClient),
    rateLimit: values['no-rate-limit'] ? false : undefined,
    logRequests: values['log-requests'] ?? false,
  };
}
