// Root connections over one entry table: filter, relevance, ordering, totalCount and count in one statement.
import type { GraphQLResolveInfo } from 'graphql';
import { getConnectionPageSize } from '@pothos/core';
import { sql, type Column, type SQL } from 'drizzle-orm';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../graphql/page-size.ts';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../../db.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { plannedRows } from '../../graphql/planned-rows.ts';
import { rankWindow } from './filters.ts';
import { boundedCountSql } from './bounded-count.ts';
import { boundedExtra, rememberCounter, rememberPage, totalExtra, totalFromPage, wantedCountLimit, wantsTotal } from './total-count.ts';

export interface EntryList<T extends PgTable> {
  table: T;
  /** The whole filter (visibility included) as SQL over the table or the alias drizzle gives it. */
  filter: (table: T) => SQL;
  /** Relevance, when ordering by it: the list is then the newest SEARCH_RANK_WINDOW matches, best first. */
  rank?: ((table: T) => SQL<number>) | undefined;
  orderBy: Record<string, 'asc' | 'desc'>;
  /** Computed columns to order by, such as a non-null sort key. */
  extras?: Record<string, (table: T) => SQL>;
  /** The exact total read from kept counts, when the list is every published entry (kept-total.ts `unnarrowed`). */
  keptTotal?: SQL<number> | undefined;
  /** `count(upTo)` where the list knows a faster exact way than boundedCountSql over its filter (events by topic). */
  count?: (upTo: number) => SQL<number>;
  /** This page's rows, found faster than `filter` finds them (events by topic): it stands in for the filter; null: none. */
  page?: ((table: T) => SQL | null) | undefined;
}

/** Paging arguments of a root connection. */
export type PageArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null };

/** How many rows Pothos reads for a page of `first`: one more, to tell whether there is a next page. */
export const pothosPageRows = (first: number | null | undefined) =>
  getConnectionPageSize({ args: { first }, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE }).limit;

/** The drizzle options of a page, typed over the list's table so Pothos's `query()` takes them as they are. */
export interface EntryListOptions<T extends PgTable> {
  where: { RAW: (table: T) => SQL };
  extras: Record<string, (table: T) => SQL>;
  orderBy: Record<string, 'asc' | 'desc'>;
}

/**
 * The page: `find` is handed the drizzle options and runs Pothos's `query()` with them. `Row` is the
 * connection's node shape, inferred from the resolver that returns the page.
 */
export function listEntries<T extends PgTable, Row>(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  list: EntryList<T>,
  find: (options: EntryListOptions<T>) => PromiseLike<unknown[]>,
): Promise<Row[]> {
  const idOf = (table: T) => (table as unknown as { id: Column }).id;
  // Ranked: only the window's rows are read and ranked; totalCount still counts the whole filter.
  const filtered = list.rank ? (table: T) => rankWindow(idOf(table), list.table, list.filter(list.table)) : list.filter;
  const where = (table: T) => list.page?.(table) ?? filtered(table);
  // count(upTo): the page's statement counts to the selection's first bound; another bound is counted apart.
  const countTo = wantedCountLimit(info);
  const counted = (upTo: number) => list.count?.(upTo) ?? boundedCountSql(list.table, list.filter(list.table), upTo);
  rememberCounter(ctx, info, {
    carried: countTo,
    count: (upTo) => countOf(ctx.db, counted(upTo)),
  });
  return plannedRows<Row>(
    rememberPage(
      ctx,
      info,
      find({
        where: { RAW: where },
        extras: {
          ...(wantsTotal(info) ? totalExtra(list.table, list.filter(list.table), list.keptTotal) : {}),
          ...(countTo ? boundedExtra(counted(countTo)) : {}),
          ...(list.rank ? { rank: list.rank } : {}),
          ...list.extras,
        },
        orderBy: list.rank ? { rank: 'desc' } : list.orderBy,
      }),
    ),
  );
}

/** totalCount: read off the page when it carried it, else counted with the same filter. */
export function countEntries<T extends PgTable>(ctx: GraphQLContext, info: GraphQLResolveInfo, args: PageArgs, list: EntryList<T>) {
  return totalFromPage(ctx, info, args, () =>
    list.keptTotal ? countOf(ctx.db, list.keptTotal) : ctx.db.$count(list.table, list.filter(list.table)),
  );
}

/** A count made apart from the page's statement (a scalar subquery), read. */
async function countOf(db: Db, count: SQL<number>): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db, sql`SELECT ${count} AS n`);
  return Number(row?.n ?? 0);
}
