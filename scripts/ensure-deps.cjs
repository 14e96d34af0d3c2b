// `npm start` and `npm test` work on a fresh clone: install the locked
// dependencies when node_modules is missing or older than package-lock.json.
// Plain CommonJS with no dependencies, since it runs before anything is installed.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.installed-lock-hash');
const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');

if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) process.exit(0);

process.stderr.write('Installing dependencies (npm ci)…\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(`npm ci failed (exit ${result.status}). Check the npm registry is reachable and rerun.\n`);
  process.exit(result.status || 1);
}
writeFileSync(marker, hash);
