import * as z from 'zod';

// Small zod building blocks for environment variables (which are always strings).
export const port = z.coerce.number().int().min(0).max(65535);
export const positiveInt = z.coerce.number().int().positive();
export const positiveNumber = z.coerce.number().positive();
export const optionalText = z.string().trim().min(1).optional();

export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

// host:port, as the Temporal SDK expects it (no scheme).
export const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233');

export const httpUrl = z
  .string()
  .url('expected an http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'expected an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

export const jsonRecordOfIds = z.string().transform((text, ctx) => {
  try {
    return z.record(z.string(), z.number().int().positive()).parse(JSON.parse(text));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object of stage name → numeric id, e.g. {"New lead": 123}' });
    return z.NEVER;
  }
});

/** A 256-bit key written as base64 (e.g. `openssl rand -base64 32`). */
export const tokenKey = z.string().transform((text, ctx) => {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    ctx.addIssue({ code: 'custom', message: `expected base64 of 32 bytes (openssl rand -base64 32), got ${key.length} bytes` });
    return z.NEVER;
  }
  return key;
});
