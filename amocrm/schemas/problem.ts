import * as z from 'zod';

// application/problem+json error body; `validation-errors` only on 400s from entity writes,
// `hint` only on the OAuth endpoint ("Token has been revoked").
export const problem = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  hint: z.string().optional(),
  'validation-errors': z
    .array(
      z.object({
        request_id: z.union([z.string(), z.number()]).optional(),
        errors: z.array(z.object({ code: z.string().optional(), path: z.string(), detail: z.string().optional() })),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof problem>;
