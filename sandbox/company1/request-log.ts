// What the /v1 API was asked, for GET /__sandbox/requests. Headers are not kept (they carry the API key).
import type { FastifyRequest } from 'fastify';

export interface LoggedRequest {
  at: string;
  method: string;
  url: string;
  status: number | 'hung';
  body?: unknown;
  /** Handled (a change committed) but the client was gone before the answer left. */
  answerLost?: true;
}

const LIMIT = 5000;

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  record(request: FastifyRequest, status: LoggedRequest['status'], answerLost = false): void {
    this.entries.push({ at: new Date().toISOString(), method: request.method, url: request.url, status, body: request.body ?? undefined, ...(answerLost ? { answerLost: true as const } : {}) });
    if (this.entries.length > LIMIT) this.entries.shift();
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }
}
