// Optional JSON file behind the sandbox's store. Written atomically (temp file + rename) so a crash mid-write
// leaves the previous state, never half a file.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import { Order } from '../../company1/schemas';

export const StoreSnapshot = z.object({
  version: z.literal(1),
  nextId: z.int().positive(),
  orders: z.array(Order),
  idempotency: z.array(z.object({ key: z.string(), fingerprint: z.string(), orderId: z.string() })),
  /** Signs feed cursors (feed-cursor.ts). Absent from files written before cursors were signed. */
  cursorKey: z.string().min(32).optional(),
});
export type StoreSnapshot = z.infer<typeof StoreSnapshot>;

export function loadSnapshot(file: string): StoreSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = StoreSnapshot.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a Company 1 sandbox state file: ${parsed.error.message}`);
  return parsed.data;
}

export function saveSnapshot(file: string, snapshot: StoreSnapshot): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snapshot, null, 2));
  renameSync(temp, file);
}
