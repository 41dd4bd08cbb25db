// The exact total of a list nobody narrowed, read from the counts the published_totals triggers keep.
import { sql, type SQL } from 'drizzle-orm';

export type KeptEntryType = 'organisation' | 'case_study' | 'event' | 'method';

/**
 * Whether the list is every published entry of its type and nothing else: an anonymous reader (or one who sees
 * only published entries), no search, and no filter value set. `ownDefault` is false where the type's filter
 * narrows by itself when left empty (events: upcoming unless asked otherwise).
 */
export function unnarrowed(published: boolean, q: string | null, filter: object | null | undefined, ownDefault = true): boolean {
  if (!published || q || !ownDefault) return false;
  return Object.values(filter ?? {}).every((v) => v == null || (Array.isArray(v) && v.length === 0));
}

/** The kept count as a scalar subquery, in place of `count(*)` over every published row (one index lookup). */
export function keptTotalSql(entryType: KeptEntryType): SQL<number> {
  return sql<number>`(SELECT count FROM published_totals WHERE entry_type = ${sql.raw(`'${entryType}'`)})`;
}
