// Ranked, accent-insensitive full-text search across entry types (unknown words corrected against the lexicon): one statement for a page of hits.
import { sql, type SQL } from 'drizzle-orm';
import { rankWindow, searchMatches, searchRank, textQuery } from '../catalogue/filters.ts';
import type { Db } from '../../db.ts';
import { visibleSql } from '../catalogue/visibility.ts';
import { boundedCountSql } from '../catalogue/bounded-count.ts';

export const searchTypes = ['organisation', 'case_study', 'method', 'event', 'topic'] as const;
export type SearchType = (typeof searchTypes)[number];

/** Where each type keeps its text beyond the name, for snippets. */
export const searchSources: Record<SearchType, { table: string; text: string }> = {
  organisation: { table: 'organisations', text: 'description' },
  case_study: { table: 'case_studies', text: "concat_ws(' ', summary, ed_join(findings), body)" },
  method: { table: 'methods', text: 'description' },
  event: { table: 'events', text: 'description' },
  topic: { table: 'topics', text: "concat_ws(' ', description, ed_join(aliases))" },
};

/** A type's matches, as its root list has them (searchMatches: the text, its unknown words corrected), over its table. */
const matches = (q: string, published: boolean): SQL => sql`${visibleSql(published)} AND ${searchMatches(sql.raw('search'), q)}`;

/** One type's candidates: its newest SEARCH_RANK_WINDOW matches, ranked as RELEVANCE ranks the root lists (searchRank). */
function candidates(type: SearchType, q: string, published: boolean): SQL {
  const t = sql.identifier(searchSources[type].table);
  return sql`SELECT ${type}::text AS type, id, ${searchRank(sql.raw('search'), q, 1)} AS rank
    FROM ${t}
    WHERE ${rankWindow(sql`${t}.id`, t, matches(q, published))}`;
}

/** Every type's matches counted to upTo + 1 each, summed: above upTo exactly when some type has more (boundedCount). */
function boundedOf(types: readonly SearchType[], q: string, published: boolean, upTo: number): SQL {
  return sql.join(
    types.map((type) => boundedCountSql(sql.identifier(searchSources[type].table), matches(q, published), upTo)),
    sql` + `,
  );
}

/** Every match of every type, counted (exact, beyond the ranked windows). */
function totalOf(types: readonly SearchType[], q: string, published: boolean): SQL {
  return sql.join(
    types.map((type) => sql`(SELECT count(*)::int FROM ${sql.identifier(searchSources[type].table)} WHERE ${matches(q, published)})`),
    sql` + `,
  );
}

export const MARK_START = '\u{E000}';
export const MARK_END = '\u{E001}';
// Private-use markers, removed from the text first, so the snippet can be HTML-escaped before the <mark>s go in.
const headlineOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** The snippet of one hit, computed only for the page's rows. */
function snippetCase(types: readonly SearchType[], q: string): SQL {
  const branches = types.map((type) => {
    const { table, text } = searchSources[type];
    return sql`WHEN ${type} THEN (SELECT ts_headline('english', translate(${sql.raw(text)}, ${MARK_START + MARK_END}, ''), ${textQuery(q)}, ${headlineOptions}) FROM ${sql.identifier(table)} WHERE id = page.id)`;
  });
  return sql`CASE page.type ${sql.join(branches, sql` `)} END`;
}

export interface SearchHitRow {
  type: SearchType;
  id: number;
  rank: number;
  snippet: string | null;
}

export interface SearchPage {
  /** Every match, when asked for (null otherwise: counting a common word's matches costs O(matches)). */
  total: number | null;
  /** How many hits paging can reach: the ranked windows' rows. */
  reachable: number;
  /** Every match counted to `countTo` + 1 per type, when asked for (null otherwise). */
  counted: number | null;
  hits: SearchHitRow[];
}

type Rows<T> = { rows?: T[] } | T[];
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : (result.rows ?? []));

/** Every type's matches counted to upTo + 1, for a `count` the page did not carry. */
export async function countMatchesUpTo(options: { db: Db; q: string; types: readonly SearchType[]; published: boolean; upTo: number }) {
  const { db, q, types, published, upTo } = options;
  const rows = rowsOf(
    (await db.execute(sql`SELECT ${boundedOf(types, q, published, upTo)} AS n`)) as unknown as Rows<{ n: number | string }>,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Every match of these types, for a totalCount the page did not carry. */
export async function countMatches(options: { db: Db; q: string; types: readonly SearchType[]; published: boolean }): Promise<number> {
  const { db, q, types, published } = options;
  const rows = rowsOf(
    (await db.execute(sql`SELECT ${totalOf(types, q, published)} AS total`)) as unknown as Rows<{ total: number | string }>,
  );
  return Number(rows[0]?.total ?? 0);
}

/**
 * A page of hits, best first (ties broken by type and id so pages never overlap), with the counts and
 * snippets in the same statement. Each type ranks its newest SEARCH_RANK_WINDOW matches.
 */
export async function searchEntries(options: {
  db: Db;
  q: string;
  types: readonly SearchType[];
  published: boolean;
  offset: number;
  limit: number;
  withTotal: boolean;
  /** Count the matches up to this bound too (`count(upTo)`), in the same statement. */
  countTo: number | null;
}): Promise<SearchPage> {
  const { db, q, types, published, offset, limit, withTotal, countTo } = options;
  const union = sql.join(
    types.map((type) => candidates(type, q, published)),
    sql` UNION ALL `,
  );
  const total = withTotal ? totalOf(types, q, published) : sql`NULL::int`;
  const counted = countTo ? boundedOf(types, q, published, countTo) : sql`NULL::int`;
  const result = (await db.execute(sql`WITH page AS (
      SELECT type, id, rank, count(*) OVER () AS reachable FROM (${union}) hits ORDER BY rank DESC, type, id OFFSET ${offset} LIMIT ${limit}
    )
    SELECT page.type, page.id, page.rank, page.reachable, ${total} AS total, ${counted} AS counted, ${snippetCase(types, q)} AS snippet
    FROM page ORDER BY page.rank DESC, page.type, page.id`)) as unknown as Rows<
    SearchHitRow & { reachable: number | string; total: number | string | null; counted: number | string | null }
  >;
  const list = rowsOf(result);
  if (list.length === 0 && (offset > 0 || limit === 0)) {
    // Past the end, or `first: 0` to ask only how many: the page has no row to carry the counts.
    const counts = rowsOf(
      (await db.execute(
        sql`SELECT (SELECT count(*)::int FROM (${union}) hits) AS reachable, ${total} AS total, ${counted} AS counted`,
      )) as unknown as Rows<{
        reachable: number;
        total: number | null;
        counted: number | null;
      }>,
    );
    const row = counts[0];
    return {
      total: row?.total == null ? null : Number(row.total),
      reachable: Number(row?.reachable ?? 0),
      counted: row?.counted == null ? null : Number(row.counted),
      hits: [],
    };
  }
  const first = list[0];
  return {
    total: first ? (first.total == null ? null : Number(first.total)) : withTotal ? 0 : null,
    counted: first ? (first.counted == null ? null : Number(first.counted)) : countTo ? 0 : null,
    reachable: Number(first?.reachable ?? 0),
    hits: list.map((r) => ({ type: r.type, id: Number(r.id), rank: Number(r.rank), snippet: r.snippet })),
  };
}
