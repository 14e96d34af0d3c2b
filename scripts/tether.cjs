// Runs a command as our child and kills it when we lose our parent.
// Why: a server started by `npm start` or `npm test` must not outlive them, even
// when they are killed with SIGKILL and get no chance to clean up. Our stdin is a
// pipe from the parent; the OS closes it whenever the parent dies, however it dies.
'use strict';
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), 8000).unref();
}

process.stdin.on('end', () => stop('SIGTERM'));
process.stdin.on('error', () => stop('SIGTERM'));
process.stdin.resume();
// Ctrl-C sends SIGINT to the whole process group, our child included: forwarding it would
// deliver it twice, and a second SIGINT aborts a graceful drain. SIGTERM and SIGHUP are
// addressed to us alone, so they are passed on.
process.on('SIGINT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => stop('SIGTERM'));
child.on('error', (err) => {
  process.stderr.write(`tether: cannot start ${command}: ${err.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
