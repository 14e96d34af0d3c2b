// The raw form body amoCRM posts (doc §7.2), read into flat bracketed keys. Deliberately not a
// generic nested-object parser: a key stays a short list of segments, so no body can build deep
// objects, huge arrays (`a[99999999]`) or touch prototypes (`__proto__[x]`).

/** The HTTP layer already caps bodies at 256 KB; the same cap here keeps the parser safe on its own. */
export const MAX_BODY_CHARS = 256 * 1024;
/** A full lead is about 25 fields, so 256 KB of real webhooks holds far fewer than this. */
export const MAX_FIELDS = 20_000;
/** The longest key amoCRM writes, `leads[status][0][custom_fields][0][values][0][value]`: 51 characters, 7 brackets. */
export const MAX_KEY_CHARS = 200;
export const MAX_KEY_DEPTH = 10;

export interface FormField {
  /** The key as amoCRM wrote it (brackets decoded): problems name fields this way. */
  key: string;
  /** `leads` of `leads[status][0][id]`. */
  root: string;
  /** `['status', '0', 'id']`; undefined when the key is not `root[a][b]…` (then only its root is known). */
  path?: string[];
  value: string;
}

export type FormRead = { ok: true; fields: FormField[] } | { ok: false; problems: string[] };

const KEY_SHAPE = /^[^[\]]+(?:\[[^[\]]*\])*$/;
const SEGMENT = /\[([^[\]]*)\]/g;

export function readFormFields(rawBody: string): FormRead {
  if (rawBody.length > MAX_BODY_CHARS) {
    return { ok: false, problems: [`body: longer than ${MAX_BODY_CHARS} characters`] };
  }
  // Counted before decoding so that an oversized body is refused without building its fields.
  if (countOf(rawBody, '&') >= MAX_FIELDS) return { ok: false, problems: [`body: more than ${MAX_FIELDS} fields`] };
  const fields: FormField[] = [];
  const problems: string[] = [];
  for (const [key, value] of new URLSearchParams(rawBody)) {
    if (key === '' && value === '') continue; // `a=1&&b=2`
    const problem = keyLimitProblem(key);
    if (problem) problems.push(problem);
    else fields.push({ key, value, ...splitKey(key) });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields };
}

function keyLimitProblem(key: string): string | undefined {
  if (key.length > MAX_KEY_CHARS) return `${key.slice(0, 60)}…: key longer than ${MAX_KEY_CHARS} characters`;
  if (countOf(key, '[') > MAX_KEY_DEPTH) return `${key}: key nested deeper than ${MAX_KEY_DEPTH} brackets`;
  return undefined;
}

function splitKey(key: string): { root: string; path?: string[] } {
  const root = key.split('[', 1)[0] ?? '';
  if (!KEY_SHAPE.test(key)) return { root };
  return { root, path: Array.from(key.slice(root.length).matchAll(SEGMENT), (m) => m[1] ?? '') };
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}
