// Counts that stop: how many entries match, read up to a bound and no further, so a count never costs O(matches).
import { sql, type SQL } from 'drizzle-orm';
import { invalidInput } from '../../errors.ts';

/** `count`'s bound when none is given: enough for "1,000+" on a listing. */
export const DEFAULT_COUNT_LIMIT = 1000;
/** The largest bound a client may ask for: reading 10,001 index entries is still a few milliseconds. */
export const MAX_COUNT_LIMIT = 10_000;

/** The API's word for it, in the descriptions of the connections that have both counts. */
export const COUNT_NOTE =
  '`totalCount` counts every match exactly, in time that grows with the matches (a common word, a broad topic), ' +
  'except for every published entry of a type (no filter, no search; for events, `timeframe: ALL`), a total kept as entries change; ' +
  '`count(upTo)` stops at its bound: exact below it, beyond it a lower bound, never an estimate.';

export interface BoundedCount {
  /** Every match when `exact`; else `upTo`, with more matching. */
  value: number;
  exact: boolean;
}

export function assertCountLimit(upTo: unknown): number {
  if (!Number.isInteger(upTo) || (upTo as number) < 1 || (upTo as number) > MAX_COUNT_LIMIT)
    throw invalidInput(['upTo'], `must be a whole number from 1 to ${MAX_COUNT_LIMIT}`);
  return upTo as number;
}

/**
 * The matches of `filter` over `table`, counted up to upTo + 1 (one more, to tell "exactly upTo" from "more"):
 * the subquery stops reading there. upTo is written into the text (a checked integer), as page sizes are, so the
 * planner costs the plan for that many rows. Its one column is named `n`, so it also serves as a FROM item, which
 * is how compile.ts reads it twice (value and exact) without the planner copying the count into both.
 */
export function boundedCountSql(table: unknown, filter: SQL, upTo: number): SQL<number> {
  return sql<number>`(SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} WHERE ${filter} LIMIT ${sql.raw(String(upTo + 1))}) bounded)`;
}

/** What `count` answers, from a count made by boundedCountSql (or any count at least that far). */
export const boundedCount = (counted: number, upTo: number): BoundedCount => ({ value: Math.min(counted, upTo), exact: counted <= upTo });
