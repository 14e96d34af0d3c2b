import type * as z from 'zod';
import { type AttemptGuard } from './attempt-guard';
import { type AccessTokenSource } from './auth/access-token';
import { AmoError } from './errors';
import { type HttpCaller, type HttpMethod } from './http-caller';
import { parseBody } from './parse-body';
import { errorFromStatus } from './response-errors';
import { type Logger } from '../logging/logger';

export interface ApiRequest<T> {
  method: HttpMethod;
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** The body, made when the request may leave (see RawRequest.compose); made again when a 401 makes us resend. */
  compose?: () => unknown;
  schema: z.ZodType<T>;
}

// /api/v4 calls: bearer auth with one renew-and-retry on 401 (as the official SDK does), error
// mapping, and schema validation. Returns null for 204, which amoCRM uses for "no results",
// "no such id" and successful deletes alike; each operation decides what null means.
export class ApiTransport {
  constructor(
    private readonly http: HttpCaller,
    private readonly auth: AccessTokenSource,
    private readonly logger: Logger,
    private readonly guard?: AttemptGuard,
  ) {}

  /** The same transport, for the requests of one activity attempt (see AttemptGuard). */
  withGuard(guard: AttemptGuard): ApiTransport {
    return new ApiTransport(this.http, this.auth, this.logger, guard);
  }

  async request<T>(req: ApiRequest<T>): Promise<T | null> {
    const label = `${req.method} ${req.path}`;
    const token = await this.auth.current();
    let res = await this.http.send({ ...req, bearer: token }, this.guard);
    if (res.status === 401) {
      const renewed = await this.auth.renew(token).catch((err: unknown) => {
        throw err instanceof AmoError ? this.report(err) : err;
      });
      if (renewed !== null) res = await this.http.send({ ...req, bearer: renewed }, this.guard);
    }
    if (res.status === 204) return null;
    if (res.status >= 200 && res.status < 300) return parseBody(req.schema, res.text, label, res.status);
    throw this.report(errorFromStatus(res.status, res.text, label));
  }

  /** Like request, but a 204 is a contract violation (creates and updates always return a body). */
  async requestBody<T>(req: ApiRequest<T>): Promise<T> {
    const body = await this.request(req);
    if (body === null) throw new AmoError('bad-response', 'empty body (204)', { request: `${req.method} ${req.path}`, status: 204 });
    return body;
  }

  private report(err: AmoError): AmoError {
    if (err.kind === 'account-blocked' || err.kind === 'unauthorized' || err.kind === 'token-revoked') {
      this.logger.error('amoCRM refuses this integration; operator action needed', { kind: err.kind, error: err.message });
    } else if (err.kind === 'rate-limited') {
      this.logger.warn('amoCRM rate limit hit; pausing all calls briefly', { request: err.request });
    }
    return err;
  }
}
