import axios from 'axios';

/** A customer's browser, as far as HTTP goes: one cookie jar, no redirects followed (tests look at them). */
export function webviewHttp(baseUrl: string) {
  const http = axios.create({ baseURL: baseUrl, maxRedirects: 0, validateStatus: () => true, timeout: 15_000, responseType: 'text', transformResponse: (d: unknown) => d });
  const client = {
    cookie: undefined as string | undefined,
    async get(path: string) {
      const res = await http.get<string>(path, { headers: client.cookie ? { cookie: client.cookie } : {} });
      return { status: res.status, headers: res.headers as Record<string, string | string[] | undefined>, text: res.data };
    },
    async post(path: string, form: Record<string, string>) {
      const res = await http.post<string>(path, new URLSearchParams(form).toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(client.cookie ? { cookie: client.cookie } : {}) },
      });
      return { status: res.status, headers: res.headers as Record<string, string | string[] | undefined>, text: res.data };
    },
    /** Signs in with the token and keeps the session cookie. */
    async signIn(token: string) {
      const res = await client.get(`/?token=${encodeURIComponent(token)}`);
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
      client.cookie = String(res.headers['set-cookie']).split(';')[0];
    },
    /** The hidden fields of the page's first form with this action. */
    formOf(html: string, action: string): Record<string, string> {
      const start = html.indexOf(`action="${action}"`);
      if (start < 0) throw new Error(`no form posting to ${action}`);
      const form = html.slice(start, html.indexOf('</form>', start));
      return Object.fromEntries([...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    },
  };
  return client;
}
