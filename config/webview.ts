import * as z from 'zod';
import { durationMs } from './duration';
import { httpUrl, optionalText, port, positiveInt } from './fields';

/** Company 1's order statuses in which the customer may cancel, as WEBVIEW_CANCEL_WHILE lists them. */
const statusList = z
  .string()
  .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(['on_approval', 'approved', 'in_work'], { message: 'expected on_approval, approved or in_work' })).min(1, 'list at least one status'));

// Stage 3: the webview Company 1's app opens (web/). With no COMPANY1_JWKS_URL the Company 1 sandbox's keys are used.
export const webviewEnv = {
  WEBVIEW_HOST: z.string().default('127.0.0.1').describe('Address the webview listens on.'),
  WEBVIEW_PORT: port.default(7303).describe('Port of the webview (stage 3).'),
  WEBVIEW_PUBLIC_URL: httpUrl.optional().describe("URL under which Company 1's app opens the webview. Unset: http://127.0.0.1:<WEBVIEW_PORT>."),
  WEBVIEW_AUDIENCE: z.string().min(1).default('company2-webview').describe('The `aud` claim Company 1 signs its webview tokens for.'),
  COMPANY1_JWKS_URL: httpUrl.optional().describe("Company 1's published token keys (JWKS). Unset: the Company 1 sandbox's."),
  COMPANY1_TOKEN_ISSUER: optionalText.describe('The `iss` claim of Company 1 tokens, checked when set.'),
  WEBVIEW_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional().describe('Secret that seals session cookies and signs CSRF tokens (required with COMPANY1_BASE_URL).'),
  WEBVIEW_SESSION_TTL: durationMs.prefault('12h').describe('How long a session lasts after sign-in.'),
  WEBVIEW_CANCEL_WHILE: statusList.prefault('on_approval,approved').describe("Company 1's order statuses in which a customer may cancel (comma-separated)."),
  WEBVIEW_BOOKINGS_PER_HOUR: positiveInt.default(10).describe('Bookings one customer may make per hour.'),
};

