// One delivery attempt over node:http(s), without keep-alive so receivers can close cleanly.
// Redirects are not followed: a 3xx is an invalid answer for amoCRM (success is 100–299).
import http from 'node:http';
import https from 'node:https';

export const DELIVERY_TIMEOUT_MS = 2000;

export interface AttemptResult {
  status: number; // 0 = no HTTP answer (timeout, refused, reset)
  error?: string;
}

export function postForm(destination: string, body: string, signal: AbortSignal): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const url = new URL(destination);
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, {
      method: 'POST',
      agent: false,
      signal,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'user-agent': 'amoCRM-Webhooks/3.0' },
    });
    const timer = setTimeout(() => req.destroy(new Error('timeout after 2 s')), DELIVERY_TIMEOUT_MS);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      resolve({ status: 0, error: err.message });
    });
    req.end(body);
  });
}
