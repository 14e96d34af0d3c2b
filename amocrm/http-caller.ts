import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { abandonment, type AttemptGuard } from './attempt-guard';
import { AmoError } from './errors';
import { type RateLimiter } from './rate-limiter';
import { type Logger } from '../logging/logger';
import { amoRateLimited, amoRateLimitWait, amoRefused, amoRequests, amoRequestSeconds, endpointOf } from '../metrics/registry';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RawRequest {
  method: HttpMethod;
  /** Path on the account host, e.g. /api/v4/leads; never a full URL, so tokens stay on that host. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /**
   * The body, made once the limiter lets the request go (a batch takes in whatever joined while it
   * waited); undefined: nothing is left to send, the slot is given back and NothingToSend thrown.
   */
  compose?: () => unknown;
  bearer?: string;
  /** Skip the rate limiter queue (OAuth token calls, see TokenEndpoint). */
  unmetered?: boolean;
}

export interface RawResponse {
  status: number;
  text: string;
}

// The one place that talks HTTP: every API request waits for the shared limiter, every request
// is counted, and transport failures become retryable AmoErrors. Status codes are left
// to the caller, which knows what a 204 or a 401 means for it.
export class HttpCaller {
  requestCount = 0;
  private readonly axios: AxiosInstance;

  constructor(
    baseUrl: string,
    timeoutMs: number,
    private readonly limiter: RateLimiter,
    private readonly logger: Logger,
  ) {
    this.axios = axios.create({
      baseURL: baseUrl.replace(/\/+$/, ''),
      timeout: timeoutMs,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
    });
  }

  /**
   * With a guard, a request whose attempt was abandoned never leaves: not while it waits for the
   * limiter, not right before sending; one already on the wire is cut off (amoCRM may still have
   * it, which the next attempt's lookup-before-create covers).
   */
  async send(req: RawRequest, guard?: AttemptGuard): Promise<RawResponse> {
    const label = `${req.method} ${req.path}`;
    const waitStarted = Date.now();
    const release = req.unmetered ? () => undefined : await this.limiter.acquire(guard?.signal).catch(() => Promise.reject(abandoned(guard, label)));
    if (!req.unmetered) amoRateLimitWait.observe((Date.now() - waitStarted) / 1000);
    try {
      guard?.checkBeforeSend();
    } catch (err) {
      release(false);
      throw new AmoError('attempt-abandoned', `not sent: ${(err as Error).message}`, { request: label });
    }
    const body = req.compose ? req.compose() : req.body;
    if (req.compose && body === undefined) {
      release(false);
      throw new NothingToSend(label);
    }
    this.requestCount += 1;
    const started = Date.now();
    const counted = (status: number) => {
      amoRequests.inc({ endpoint: endpointOf(req.path), method: req.method, status: String(status) });
      amoRequestSeconds.observe({ method: req.method }, (Date.now() - started) / 1000);
    };
    try {
      const res = await this.axios.request<string>({
        signal: guard?.signal,
        method: req.method,
        url: req.query && req.query.size > 0 ? `${req.path}?${req.query.toString()}` : req.path,
        data: body === undefined ? undefined : JSON.stringify(body),
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(req.bearer ? { Authorization: `Bearer ${req.bearer}` } : {}),
        },
      });
      counted(res.status);
      if (res.status === 401 || res.status === 403) amoRefused.inc({ status: String(res.status) });
      if (res.status === 429) {
        amoRateLimited.inc();
        this.limiter.coolDown();
      }
      this.logger.debug('amoCRM request', { request: label, status: res.status, ms: Date.now() - started });
      return { status: res.status, text: typeof res.data === 'string' ? res.data : '' };
    } catch (err) {
      counted(0);
      if (guard?.signal.aborted) throw new AmoError('attempt-abandoned', `cut off: ${abandonment(guard.signal).message}`, { request: label });
      throw transportError(err, label);
    } finally {
      release();
    }
  }
}

/** A composed request found nothing left to send (every item of a batch was withdrawn while it waited). */
export class NothingToSend extends Error {
  override readonly name = 'NothingToSend';
  constructor(request: string) {
    super(`${request}: nothing left to send`);
  }
}

function abandoned(guard: AttemptGuard | undefined, request: string): AmoError {
  const why = guard ? abandonment(guard.signal).message : 'aborted';
  return new AmoError('attempt-abandoned', `not sent: ${why}`, { request });
}

// An AxiosError carries the request config, Authorization header included: keep only its code
// and message, so the token cannot reach a log or a Temporal failure through `cause`.
function transportError(err: unknown, request: string): AmoError {
  const code = axios.isAxiosError(err) ? err.code : undefined;
  const cause = axios.isAxiosError(err) ? new Error(`${code ?? 'error'}: ${err.message}`) : err;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new AmoError('timeout', 'no response in time', { request, cause });
  }
  return new AmoError('network', `connection failed (${code ?? 'unknown'})`, { request, cause });
}
