// Where an entry came from, when another directory brought it: for its page (canonical link, "From ...") and GraphQL.
import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { EntryType } from '../../../schema/editorial.ts';
import { entryOrigins } from '../../../schema/sync.ts';
import type { Db } from '../../db.ts';

export interface EntryOrigin {
  source: string;
  /** The entry's global id at the source. */
  id: string;
  /** Its page at the source; null for a type without pages (event series). */
  url: string | null;
}

export async function originsOf(db: Db, type: EntryType, ids: readonly number[]): Promise<Map<number, EntryOrigin>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ entryId: entryOrigins.entryId, source: entryOrigins.sourceName, id: entryOrigins.originId, url: entryOrigins.originUrl })
    .from(entryOrigins)
    .where(and(eq(entryOrigins.entryType, type), inArray(entryOrigins.entryId, [...new Set(ids)])));
  return new Map(rows.map(({ entryId, ...origin }) => [entryId, origin]));
}

export const originOf = async (db: Db, type: EntryType, id: number): Promise<EntryOrigin | null> =>
  (await originsOf(db, type, [id])).get(id) ?? null;

/**
 * True for this directory's own entries: another directory's are that directory's to export (HSDS, the snapshot),
 * and sent on they could travel back to it.
 */
export const isLocalEntry = (type: EntryType, idColumn: AnyColumn): SQL =>
  sql`NOT EXISTS (SELECT 1 FROM entry_origins o WHERE o.entry_type = ${type} AND o.entry_id = ${idColumn})`;
