import { isAxiosError } from 'axios';

/** A demo's failed call to a sandbox, said as what it is: not running, or refusing what we sent. */
export function sandboxCallError(what: string, port: number, startCommand: string, err: unknown): Error {
  if (isAxiosError(err) && err.response) {
    const body = err.response.data as { detail?: string } | undefined;
    return new Error(`The ${what} on port ${port} refused the request (${err.response.status}): ${body?.detail ?? JSON.stringify(body)}`);
  }
  return new Error(`Cannot reach the ${what} on port ${port} (is \`${startCommand}\` running?): ${err instanceof Error ? err.message : String(err)}`);
}
