import { type Logger } from '../../logging/logger';

// Tests provoke errors on purpose; keep their expected error logs out of the test output.
export const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quietLogger,
};
