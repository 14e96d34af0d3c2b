import * as z from 'zod';
import { durationMs } from './duration';
import { httpUrl, jsonRecordOfIds, optionalText, positiveInt, positiveNumber, tokenKey } from './fields';

// amoCRM account settings. With no AMOCRM_BASE_URL the embedded amoCRM sandbox is used.
export const amocrmEnv = {
  AMOCRM_BASE_URL: httpUrl.optional().describe('Account URL, e.g. https://company2.amocrm.ru. Unset: the local amoCRM sandbox.'),
  AMOCRM_LONG_LIVED_TOKEN: optionalText.describe('Long-lived token of a private integration (use this or the OAuth settings).'),
  AMOCRM_CLIENT_ID: optionalText.describe('OAuth integration id.'),
  AMOCRM_CLIENT_SECRET: optionalText.describe('OAuth integration secret.'),
  AMOCRM_REDIRECT_URI: optionalText.describe('OAuth redirect URI, exactly as in the integration settings.'),
  AMOCRM_TOKEN_STORE: z
    .enum(['temporal', 'file'])
    .default('temporal')
    .describe('Where OAuth tokens are kept: "temporal" (sealed in the account coordinator workflow, shared by workers on any host) or "file" (AMOCRM_TOKEN_FILE, one host only).'),
  AMOCRM_TOKEN_KEY: tokenKey.optional().describe('Base64 of 32 random bytes that seal OAuth tokens kept in Temporal (`openssl rand -base64 32`). Same on every worker; never stored in Temporal.'),
  AMOCRM_TOKEN_FILE: z.string().default('.data/amocrm-tokens.json').describe('With AMOCRM_TOKEN_STORE=file: where OAuth tokens are kept (written atomically, mode 0600).'),
  AMOCRM_WEBHOOK_SECRET: optionalText.describe('Stage 2: the last path segment of the webhook URL amoCRM posts to (<webhook service>/amocrm/webhooks/<secret>); amoCRM does not sign webhooks, so this secret URL is the credential. Required with AMOCRM_BASE_URL in stage 2.'),
  AMOCRM_PIPELINE_NAME: z.string().min(1).default('Company 2').describe('Pipeline of the deals, resolved by name at startup.'),
  AMOCRM_PIPELINE_ID: positiveInt.optional().describe('Pipeline id; wins over the name. Stage 2: with it the webhook service drops other pipelines\' deals itself.'),
  AMOCRM_STAGE_IDS: jsonRecordOfIds.optional().describe('JSON map of stage name → status id; wins over names resolved from amoCRM.'),
  AMOCRM_INITIAL_STAGE: z.string().min(1).default('New lead').describe('Stage a new deal is created in.'),
  AMOCRM_FIELD_DETMIR_USER_ID: positiveInt.default(932790).describe('Contact custom field holding Company 1 user id.'),
  AMOCRM_FIELD_DETMIR_ORDER_ID: positiveInt.default(932792).describe('Deal custom field holding Company 1 order id.'),
  AMOCRM_TAG_ID: positiveInt.default(499278).describe('Tag put on every deal ("Companies 1. Services").'),
  AMOCRM_REQUESTS_PER_SECOND: positiveNumber.default(7).describe("amoCRM's limit for this integration: requests in any second, all worker processes together (shared out by the account coordinator workflow). amoCRM blocks accounts that keep exceeding 7/s."),
  AMOCRM_BATCH_SIZE: positiveInt
    .max(250)
    .default(50)
    .describe("Most deals one create request carries: deals created while the rate limit holds requests back share one (POST /leads takes 250, amoCRM recommends 50; /leads/complex takes 50 at most). A lone deal never waits for others. 1: one request per deal."),
  AMOCRM_TIMEOUT: durationMs.prefault('10s').describe('HTTP timeout of one amoCRM request.'),
};

type AmocrmEnv = z.infer<z.ZodObject<typeof amocrmEnv>>;

export type AmocrmAuthSetting =
  | { kind: 'sandbox' }
  | { kind: 'long-lived'; token: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; redirectUri: string; tokenStore: { kind: 'temporal'; key: Buffer } | { kind: 'file'; path: string } };

function auth(env: AmocrmEnv): AmocrmAuthSetting {
  if (!env.AMOCRM_BASE_URL) return { kind: 'sandbox' };
  if (env.AMOCRM_LONG_LIVED_TOKEN) return { kind: 'long-lived', token: env.AMOCRM_LONG_LIVED_TOKEN };
  return {
    kind: 'oauth',
    clientId: env.AMOCRM_CLIENT_ID ?? '',
    clientSecret: env.AMOCRM_CLIENT_SECRET ?? '',
    redirectUri: env.AMOCRM_REDIRECT_URI ?? '',
    tokenStore: env.AMOCRM_TOKEN_STORE === 'file' ? { kind: 'file', path: env.AMOCRM_TOKEN_FILE } : { kind: 'temporal', key: env.AMOCRM_TOKEN_KEY ?? Buffer.alloc(0) },
  };
}

export function amocrmSection(env: AmocrmEnv) {
  return {
    baseUrl: env.AMOCRM_BASE_URL,
    auth: auth(env),
    pipeline: { name: env.AMOCRM_PIPELINE_NAME, id: env.AMOCRM_PIPELINE_ID, stageIds: env.AMOCRM_STAGE_IDS ?? {} },
    initialStage: env.AMOCRM_INITIAL_STAGE,
    webhookSecret: env.AMOCRM_WEBHOOK_SECRET,
    fields: { detmirUserId: env.AMOCRM_FIELD_DETMIR_USER_ID, detmirOrderId: env.AMOCRM_FIELD_DETMIR_ORDER_ID },
    tagId: env.AMOCRM_TAG_ID,
    requestsPerSecond: env.AMOCRM_REQUESTS_PER_SECOND,
    timeoutMs: env.AMOCRM_TIMEOUT,
    batchSize: env.AMOCRM_BATCH_SIZE,
  };
}
