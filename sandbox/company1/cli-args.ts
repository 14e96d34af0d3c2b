// Command-line flags of `npm run sandbox:company1`, turned into sandbox options or a message naming the bad flag.
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, type Company1SandboxOptions } from './options';

export const USAGE =
  `usage: npm run sandbox:company1 -- --api-key <key> [--port <p> (default ${DEFAULT_PORT})] [--host <h>] ` +
  '[--stage 1|2|3] [--auto-close-ms <n>] [--notify-url <url> --notify-secret <secret>]... [--persist <file>] [--webview-url <url>]';

export type CliParseResult = { ok: true; options: Company1SandboxOptions } | { ok: false; message: string };

function integer(flag: string, value: string | undefined, min: number, max: number): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return /^\d+$/.test(value) && n >= min && n <= max ? n : `--${flag} must be an integer from ${min} to ${max}, got "${value}"`;
}

export function parseCliArgs(argv: string[]): CliParseResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        stage: { type: 'string' },
        'auto-close-ms': { type: 'string' },
        'notify-url': { type: 'string', multiple: true },
        'notify-secret': { type: 'string', multiple: true },
        persist: { type: 'string' },
        'webview-url': { type: 'string' },
      },
    }));
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const apiKey = values['api-key'];
  if (!apiKey) return { ok: false, message: '--api-key is required' };
  const port = integer('port', values.port, 0, 65535);
  const stage = integer('stage', values.stage, 1, 3);
  const autoCloseAfterMs = integer('auto-close-ms', values['auto-close-ms'], 0, Number.MAX_SAFE_INTEGER);
  for (const v of [port, stage, autoCloseAfterMs]) if (typeof v === 'string') return { ok: false, message: v };

  const urls = values['notify-url'] ?? [];
  const secrets = values['notify-secret'] ?? [];
  if (urls.length !== secrets.length) return { ok: false, message: 'each --notify-url needs exactly one --notify-secret' };
  const badUrl = urls.find((u) => !/^https?:\/\/./.test(u));
  if (badUrl !== undefined) return { ok: false, message: `--notify-url must be an http(s) URL, got "${badUrl}"` };

  const webviewUrl = values['webview-url'];
  if (webviewUrl !== undefined && !/^https?:\/\/./.test(webviewUrl)) return { ok: false, message: `--webview-url must be an http(s) URL, got "${webviewUrl}"` };

  return {
    ok: true,
    options: {
      apiKey,
      host: values.host,
      port: (port as number | undefined) ?? DEFAULT_PORT,
      stage: stage as 1 | 2 | 3 | undefined,
      autoCloseAfterMs: autoCloseAfterMs as number | undefined,
      subscribers: urls.map((url, i) => ({ url, secret: secrets[i] ?? '' })),
      persistFile: values.persist,
      ...(webviewUrl === undefined ? {} : { webviewUrl }),
    },
  };
}
