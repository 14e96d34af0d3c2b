import * as z from 'zod';

// Shared pieces of amoCRM's HAL envelopes. Objects are not strict: amoCRM adds fields over
// time and we only validate what we read.
export const link = z.object({ href: z.string() });
export const links = z.object({ self: link.optional(), next: link.optional() }).partial();

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

// Response form of a custom field value; older pages show `enum` instead of `enum_code`.
export const customFieldValue = z.object({
  field_id: z.number(),
  field_code: z.string().nullable().optional(),
  values: z.array(
    z.object({
      value: scalar.optional(),
      enum_id: z.number().nullable().optional(),
      enum_code: z.string().nullable().optional(),
      enum: z.string().nullable().optional(),
    }),
  ),
});
export type CustomFieldValue = z.infer<typeof customFieldValue>;

export const customFieldsValues = z.array(customFieldValue).nullable().optional();

// `{ id, request_id }` items returned by batch create (POST /contacts, POST /leads).
export const createdEntity = z.object({ id: z.number(), request_id: z.string().optional() });

// `{ id, updated_at }` returned by PATCH /leads/{id}.
export const updatedEntity = z.object({ id: z.number(), updated_at: z.number().optional() });
