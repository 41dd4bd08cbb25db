// The entries behind a page of search hits, as stubs the Drizzle plugin loads with exactly the fields asked for.
import type { SearchHitRow, SearchType } from './search-sql.ts';

export interface Hit extends SearchHitRow {
  /** The entry's key, tagged with its type so the GraphQL union can tell which it is. */
  row: { id: number; __searchType: SearchType };
}

/**
 * No rows are loaded here: the Drizzle plugin sees an entry without the selection a query needs and
 * loads it by primary key, batched per type, so a page costs one statement per type present.
 */
export function hitEntries(hits: SearchHitRow[]): Hit[] {
  return hits.map((h) => ({ ...h, row: { id: h.id, __searchType: h.type } }));
}
