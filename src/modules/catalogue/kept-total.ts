// The exact total of a list nobody narrowed, read from the counts the published_totals triggers keep.
import { sql, type SQL } from 'drizzle-orm';

export type KeptEntryType = 'organisation' | 'case_study' | 'event' | 'method';

const unset = (v: unknown) => v == null || (Array.isArray(v) && v.length === 0);

/**
 * The kept count, as a scalar subquery in place of `count(*)` over every published row, when the list is every
 * published entry of its type and nothing else: a reader who sees only published entries, no search, no filter
 * value set (events: `timeframe: ALL`, as they are upcoming unless asked otherwise). Else undefined: count.
 */
export function keptTotal(
  type: KeptEntryType,
  filter: Record<string, unknown> | null | undefined,
  q: string | null,
  published: boolean,
): SQL<number> | undefined {
  if (!published || q) return undefined;
  const { timeframe, ...rest } = filter ?? {};
  if (type === 'event' ? timeframe !== 'ALL' : !unset(timeframe)) return undefined;
  if (!Object.values(rest).every(unset)) return undefined;
  return sql<number>`(SELECT count FROM published_totals WHERE entry_type = ${sql.raw(`'${type}'`)})`;
}
