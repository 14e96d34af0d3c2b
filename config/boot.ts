import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from './load';

const DOT_ENV = resolve(__dirname, '..', '.env');

// Process entry points call this once: a bad setting stops the process with a
// message naming the key, before anything is started.
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  // A .env file next to package.json fills in what the environment does not set
  // (DOTENV=off skips it).
  if (env === process.env && env.DOTENV !== 'off' && existsSync(DOT_ENV)) process.loadEnvFile(DOT_ENV);
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      process.exit(2);
    }
    throw err;
  }
}
