import * as z from 'zod';

export const pipelines = z.object({
  _embedded: z.object({
    pipelines: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        _embedded: z.object({
          statuses: z.array(z.object({ id: z.number(), name: z.string(), type: z.number().optional() })),
        }),
      }),
    ),
  }),
});
