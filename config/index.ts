export { loadConfig, ConfigError, envSchema, type Config } from './load';
export { parseDuration } from './duration';
