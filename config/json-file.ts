import { readFileSync } from 'node:fs';
import type * as z from 'zod';

/** A JSON configuration file read and checked once at boot; every problem names the setting, the file and the field. */
export function loadJsonFile<T>(setting: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${setting} ${file}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${setting} ${file}: ${problems.join('; ')}`);
  }
  return parsed.data;
}
