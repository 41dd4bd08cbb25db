// Ranked, accent-insensitive full-text search across entry types (close names when the text finds nothing): one statement for a page of hits.
import { sql, type SQL } from 'drizzle-orm';
import { rankWindow, searchMatches, searchRank, textQuery } from '../catalogue/filters.ts';
import type { Db } from '../../db.ts';
import { visibleSql } from '../catalogue/visibility.ts';

export const searchTypes = ['organisation', 'case_study', 'method', 'event', 'topic'] as const;
export type SearchType = (typeof searchTypes)[number];

/** Where each type keeps its name and its text, for ranking and snippets. */
export const searchSources: Record<SearchType, { table: string; name: string; text: string }> = {
  organisation: { table: 'organisations', name: 'name', text: 'description' },
  case_study: { table: 'case_studies', name: 'title', text: "concat_ws(' ', summary, ed_join(findings), body)" },
  method: { table: 'methods', name: 'name', text: 'description' },
  event: { table: 'events', name: 'title', text: 'description' },
  topic: { table: 'topics', name: 'label', text: "concat_ws(' ', description, ed_join(aliases))" },
};

/** A type's matches, as its root list has them (searchMatches: the text, or close names when the text finds none). */
const matches = (type: SearchType, q: string, published: boolean): SQL => {
  const { table, name } = searchSources[type];
  const visible = visibleSql(published);
  // Unqualified columns: each reads the nearest FROM, so the inner probe asks its own table.
  return sql`${visible} AND ${searchMatches(sql.raw('search'), sql.raw(name), q, { table: sql.identifier(table), search: sql.raw('search'), rest: visible })}`;
};

/**
 * One type's candidates: its newest SEARCH_RANK_WINDOW matches, ranked as RELEVANCE ranks the root lists
 * (searchRank): text matches by text rank, close names by their word similarity, so "Lovelance" still
 * ranks "Ada Lovelace Institute" first.
 */
function candidates(type: SearchType, q: string, published: boolean): SQL {
  const { table, name } = searchSources[type];
  const t = sql.identifier(table);
  const n = sql.raw(name);
  return sql`SELECT ${type}::text AS type, id,
      ${searchRank(sql.raw('search'), n, q, 1)} AS rank
    FROM ${t}
    WHERE ${rankWindow(sql`${t}.id`, t, matches(type, q, published))}`;
}

/** Every match of every type, counted (exact, beyond the ranked windows). */
function totalOf(types: readonly SearchType[], q: string, published: boolean): SQL {
  return sql.join(
    types.map((type) => sql`(SELECT count(*)::int FROM ${sql.identifier(searchSources[type].table)} WHERE ${matches(type, q, published)})`),
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
  hits: SearchHitRow[];
}

type Rows<T> = { rows?: T[] } | T[];
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : (result.rows ?? []));

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
}): Promise<SearchPage> {
  const { db, q, types, published, offset, limit, withTotal } = options;
  const union = sql.join(
    types.map((type) => candidates(type, q, published)),
    sql` UNION ALL `,
  );
  const total = withTotal ? totalOf(types, q, published) : sql`NULL::int`;
  const result = (await db.execute(sql`WITH page AS (
      SELECT type, id, rank, count(*) OVER () AS reachable FROM (${union}) hits ORDER BY rank DESC, type, id OFFSET ${offset} LIMIT ${limit}
    )
    SELECT page.type, page.id, page.rank, page.reachable, ${total} AS total, ${snippetCase(types, q)} AS snippet
    FROM page ORDER BY page.rank DESC, page.type, page.id`)) as unknown as Rows<
    SearchHitRow & { reachable: number | string; total: number | string | null }
  >;
  const list = rowsOf(result);
  if (list.length === 0 && (offset > 0 || limit === 0)) {
    // Past the end, or `first: 0` to ask only how many: the page has no row to carry the counts.
    const counts = rowsOf(
      (await db.execute(sql`SELECT (SELECT count(*)::int FROM (${union}) hits) AS reachable, ${total} AS total`)) as unknown as Rows<{
        reachable: number;
        total: number | null;
      }>,
    );
    return { total: counts[0]?.total == null ? null : Number(counts[0].total), reachable: Number(counts[0]?.reachable ?? 0), hits: [] };
  }
  const first = list[0];
  return {
    total: first ? (first.total == null ? null : Number(first.total)) : withTotal ? 0 : null,
    reachable: Number(first?.reachable ?? 0),
    hits: list.map((r) => ({ type: r.type, id: Number(r.id), rank: Number(r.rank), snippet: r.snippet })),
  };
}
