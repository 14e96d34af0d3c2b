// The browser tests drive Debian's Chromium with playwright-core (Playwright's own browser download cannot
// work here). Like the Temporal CLI, `npm test` makes sure it is there: installed with apt when missing and
// allowed (root), otherwise a clear message saying what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export class ChromiumMissing extends Error {}

export function chromiumPath(): string | undefined {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export function ensureChromium(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string {
  const found = chromiumPath();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) throw new ChromiumMissing(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt) {
    throw new ChromiumMissing(
      "The browser tests need Chromium and it is not installed. Install Debian's package (sudo apt-get install -y chromium) " +
        'or point CHROMIUM_PATH at a Chromium binary, then run npm test again.',
    );
  }
  log("Installing Debian's chromium for the browser tests (apt-get)…");
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install().status !== 0) {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (install().status !== 0) throw new ChromiumMissing('apt-get install chromium failed (see above); install it by hand or set CHROMIUM_PATH.');
  }
  const installed = chromiumPath();
  if (!installed) throw new ChromiumMissing('apt-get installed chromium but no binary was found at /usr/bin/chromium.');
  return installed;
}

if (require.main === module) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
