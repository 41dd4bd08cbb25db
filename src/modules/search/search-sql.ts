// Ranked, accent-insensitive full-text search across entry types, fuzzy on names: one statement for a page of hits.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.ts';

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

const tsQuery = (q: string) => sql`websearch_to_tsquery('english', ed_unaccent(${q}))`;

/**
 * One type's candidates. A name that is close to the query (a typo of it, or the query as a word
 * inside it) adds its word similarity, so "Lovelance" still ranks "Ada Lovelace Institute" first.
 */
function candidates(type: SearchType, q: string, published: boolean): SQL {
  const { table, name } = searchSources[type];
  const t = sql.identifier(table);
  const n = sql.raw(name);
  return sql`SELECT ${type}::text AS type, id,
      (ts_rank_cd(search, ${tsQuery(q)}, 1) + word_similarity(ed_unaccent(${q}), ed_unaccent(${n})))::float8 AS rank
    FROM ${t}
    WHERE ${published ? sql`publication_state = 'published' AND ` : sql``}(search @@ ${tsQuery(q)} OR ed_unaccent(${q}) <% ed_unaccent(${n}))`;
}

export const MARK_START = '\u{E000}';
export const MARK_END = '\u{E001}';
// Private-use markers, removed from the text first, so the snippet can be HTML-escaped before the <mark>s go in.
const headlineOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** The snippet of one hit, computed only for the page's rows. */
function snippetCase(types: readonly SearchType[], q: string): SQL {
  const branches = types.map((type) => {
    const { table, text } = searchSources[type];
    return sql`WHEN ${type} THEN (SELECT ts_headline('english', translate(${sql.raw(text)}, ${MARK_START + MARK_END}, ''), ${tsQuery(q)}, ${headlineOptions}) FROM ${sql.identifier(table)} WHERE id = page.id)`;
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
  total: number;
  hits: SearchHitRow[];
}

type Rows<T> = { rows?: T[] } | T[];
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : (result.rows ?? []));

/** A page of hits, best first (ties broken by type and id so pages never overlap), with the total and snippets in the same statement. */
export async function searchEntries(options: { db: Db; q: string; types: readonly SearchType[]; published: boolean; offset: number; limit: number }): Promise<SearchPage> {
  const { db, q, types, published, offset, limit } = options;
  const union = sql.join(types.map((type) => candidates(type, q, published)), sql` UNION ALL `);
  const result = (await db.execute(sql`WITH page AS (
      SELECT type, id, rank, count(*) OVER () AS total FROM (${union}) hits ORDER BY rank DESC, type, id OFFSET ${offset} LIMIT ${limit}
    )
    SELECT page.type, page.id, page.rank, page.total, ${snippetCase(types, q)} AS snippet FROM page ORDER BY page.rank DESC, page.type, page.id`)) as unknown as Rows<
    SearchHitRow & { total: number | string }
  >;
  const list = rowsOf(result);
  if (list.length === 0 && (offset > 0 || limit === 0)) {
    // Past the end, or `first: 0` to ask only how many: the page has no row to carry the total.
    const count = rowsOf((await db.execute(sql`SELECT count(*)::int AS total FROM (${union}) hits`)) as unknown as Rows<{ total: number }>);
    return { total: Number(count[0]?.total ?? 0), hits: [] };
  }
  return {
    total: Number(list[0]?.total ?? 0),
    hits: list.map((r) => ({ type: r.type, id: Number(r.id), rank: Number(r.rank), snippet: r.snippet })),
  };
}
