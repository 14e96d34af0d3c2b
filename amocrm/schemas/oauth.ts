import * as z from 'zod';

export const tokenResponse = z.object({
  token_type: z.string().optional(),
  expires_in: z.number(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
});
