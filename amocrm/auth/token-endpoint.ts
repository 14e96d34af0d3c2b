import { type HttpCaller } from '../http-caller';
import { parseBody } from '../parse-body';
import { errorFromTokenEndpoint } from '../response-errors';
import { tokenResponse } from '../schemas/oauth';
import { type TokenPair } from './token-store';

export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  /** Must equal the integration setting exactly, trailing slash included. */
  redirectUri: string;
}

const PATH = '/oauth2/access_token';

// POST /oauth2/access_token on the account host (the shared www host does not work).
export class TokenEndpoint {
  constructor(
    private readonly http: HttpCaller,
    private readonly credentials: OAuthCredentials,
  ) {}

  exchangeCode(code: string): Promise<TokenPair> {
    return this.grant({ grant_type: 'authorization_code', code });
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.grant({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private async grant(grant: Record<string, string>): Promise<TokenPair> {
    const { clientId, clientSecret, redirectUri } = this.credentials;
    const request = `POST ${PATH}`;
    // Unmetered: a refresh runs while holding the cross-process token lock and must not queue
    // behind every waiting API call (the lock could go stale). It happens about once a day, and
    // whether amoCRM counts it against the 7/s is undocumented.
    const res = await this.http.send({
      method: 'POST',
      path: PATH,
      unmetered: true,
      body: { client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri, ...grant },
    });
    if (res.status !== 200) throw errorFromTokenEndpoint(res.status, res.text, request);
    const body = parseBody(tokenResponse, res.text, request, res.status);
    return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresAt: Date.now() + body.expires_in * 1000 };
  }
}
