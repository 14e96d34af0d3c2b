import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const HISTORIES = join(__dirname, '..', 'histories');

/** test/histories/<release>/<state>.json, written by `npm run histories:record -- <commit>`, in name order. */
export function recordedHistories(): { name: string; file: string }[] {
  if (!existsSync(HISTORIES)) return [];
  return readdirSync(HISTORIES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(HISTORIES, d.name))
        .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
        .map((f) => ({ name: `${d.name}/${f.replace(/\.json$/, '')}`, file: join(HISTORIES, d.name, f) })),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}
