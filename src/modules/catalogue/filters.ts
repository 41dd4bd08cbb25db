// SQL building blocks for the catalogue's filters: topic subtrees, slugs, regions and search.
import { sql, type SQL } from 'drizzle-orm';
import { invalidInput } from '../../errors.ts';

/** The topics named by slug (or alias), as a condition on `topics`. */
export const namedTopics = (slugs: readonly string[]) =>
  sql`(topics.slug = ANY(${sql.param([...slugs])}::text[])
        OR EXISTS (SELECT 1 FROM unnest(topics.aliases) alias WHERE lower(alias) = ANY(${sql.param(slugs.map((s) => s.toLowerCase()))}::text[])))`;

/** Ids of the topics named by slug (or alias) and every topic narrower than them, at any depth. */
export function topicSubtree(slugs: readonly string[]): SQL {
  return sql`(WITH RECURSIVE subtree(id) AS (
      SELECT id FROM topics WHERE ${namedTopics(slugs)}
      UNION SELECT narrower.id FROM topics narrower JOIN subtree ON narrower.broader_id = subtree.id
    ) SELECT id FROM subtree)`;
}

/**
 * `column IN (SELECT entryColumn FROM joinTable WHERE topic_id = ANY(subtree ids))`. The subtree as an
 * array rather than `IN (recursive CTE)`: the planner guesses a recursive CTE at about a thousand rows,
 * so half the join table, and picks whole-table hash joins; an array it takes for a handful of topics.
 * Ordered pages then walk the entries in order and probe the tags, which never ends early when no topic
 * has that slug: the uncorrelated EXISTS is a one-time gate that skips the walk. (Not a gate on "anything
 * tagged in the subtree": a second recursive subtree in the statement cost ~4 ms per execution.)
 */
export function taggedWithTopics(idColumn: SQL | unknown, joinTable: string, entryColumn: string, slugs: readonly string[]): SQL {
  return sql`(EXISTS (SELECT 1 FROM topics WHERE ${namedTopics(slugs)})
    AND ${idColumn} IN (SELECT ${sql.identifier(entryColumn)} FROM ${sql.identifier(joinTable)} WHERE topic_id = ANY(ARRAY${topicSubtree(slugs)})))`;
}

/**
 * `idColumn IN (ids on the subtree)`, for entries whose link to a topic is more than one join table
 * (organisations: tagged, or doing published work on it). Gated like taggedWithTopics; the subtree is
 * handed to `idsOnSubtree` as a list of ids.
 */
export function onTopics(idColumn: SQL | unknown, slugs: readonly string[], idsOnSubtree: (subtree: SQL) => SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM topics WHERE ${namedTopics(slugs)})
    AND ${idColumn} IN ${idsOnSubtree(sql`(SELECT unnest(ARRAY${topicSubtree(slugs)}))`)})`;
}

export const MAX_SEARCH_LENGTH = 200;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f]/;
const controlCharactersEverywhere = new RegExp(controlCharacter.source, 'g');

/** Trim and bound a free-text query; an empty one means "no search". */
export function normaliseSearch(path: string[], raw: string | null | undefined): string | null {
  if (raw == null) return null;
  // Control characters (NUL above all, which PostgreSQL text refuses) carry no meaning in a search.
  const q = raw.replace(controlCharactersEverywhere, ' ').replace(/\s+/g, ' ').trim();
  if (!q) return null;
  if (q.length > MAX_SEARCH_LENGTH) throw invalidInput(path, `must be at most ${MAX_SEARCH_LENGTH} characters`);
  return q;
}

/**
 * The query as PostgreSQL full text: websearch syntax ("quoted phrases", or, -not), accent-insensitive, each word
 * no published entry has also matching the known words closest to it (`ed_search_query`, in the search_words
 * migration): "citizns" finds what "citizens" finds, "Lovelance" the Ada Lovelace Institute.
 *
 * Why a lexicon, not the entries' names: a name's closeness (trigram word similarity) can only be checked row by
 * row, and no index orders by it, so "names close to the query" walked thousands of rows for a typo at scale
 * (83/136 ms p50/p99 at 300k case studies). The lexicon is a few words per entry, deduplicated (25 words for the
 * synthetic 1.4M entries; tens of thousands for a real catalogue), and its GiST index hands over the closest
 * words directly. The correction is folded into a constant when the statement is planned (why the function is
 * IMMUTABLE is said beside it), so every row is checked against a plain tsquery, and the planner sees how common
 * the corrected words are. Every call site builds it here, the Pothos path and the compiled path alike.
 */
export const textQuery = (q: string): SQL => sql`ed_search_query(websearch_to_tsquery('english', ed_unaccent(${q})), ed_unaccent(${q}))`;

/** What a search matches: entries whose text matches the query, corrected as textQuery corrects it. */
export function searchMatches(search: SQL | unknown, q: string): SQL {
  return sql`${search} @@ ${textQuery(q)}`;
}

/** Relevance, as searchMatches matches: text rank, the name weighing most (A), then summary, findings and body. */
export function searchRank(search: SQL | unknown, q: string, normalisation?: number): SQL<number> {
  const text = textQuery(q);
  const rank =
    normalisation === undefined
      ? sql`ts_rank_cd(${search}, ${text})`
      : sql`ts_rank_cd(${search}, ${text}, ${sql.raw(String(normalisation))})`;
  return sql<number>`${rank}::float8`;
}

/**
 * How many matches RELEVANCE ranks: the newest this many (by id), as GitHub's search API stops at 1,000
 * results. No index orders by a query-dependent rank, so ranking every match of a common word costs
 * O(matches) (480 ms for 60k of 300k case studies); the window is found by walking the primary key
 * backwards and stopping after it, so it costs the same at any scale. Older matches are still counted by
 * totalCount and reached by every other order.
 */
export const SEARCH_RANK_WINDOW = 200;

/** The API's word for what a search matches (searchMatches), in the descriptions of `search`. */
export const TYPO_NOTE =
  'A word no published name or summary holds (a typo, a missing accent) also matches the three known words closest to it: "citizns" finds "citizens".';

/** The API's word for it, in the descriptions of `search` and RELEVANCE. */
export const RANK_WINDOW_NOTE = `RELEVANCE ranks the ${SEARCH_RANK_WINDOW} newest matches (pages included); totalCount counts every match, and other orders reach them all.`;

/**
 * `id IN (the newest SEARCH_RANK_WINDOW rows of \`from\` passing \`filter\`)`: the rows RELEVANCE ranks.
 * \`filter\` is written over \`from\` itself, which the subquery's FROM shadows, so it reads the inner rows.
 */
export function rankWindow(id: SQL | unknown, from: SQL | unknown, filter: SQL): SQL {
  return sql`${id} IN (SELECT id FROM ${from} WHERE ${filter} ORDER BY id DESC LIMIT ${sql.raw(String(SEARCH_RANK_WINDOW))})`;
}

export function assertSlugList(path: string[], slugs: readonly string[] | null | undefined): string[] | null {
  if (!slugs) return null;
  if (slugs.length > 50) throw invalidInput(path, 'at most 50 values');
  return slugs.map((s, i) => assertPlainText([...path, String(i)], s).toLowerCase());
}

/** A short single-line value (slug, alias, region): bounded, and free of control characters PostgreSQL would refuse. */
export function assertPlainText(path: string[], value: string, max = 200): string {
  const v = value.trim();
  if (v.length > max) throw invalidInput(path, `must be at most ${max} characters`);
  if (controlCharacter.test(v)) throw invalidInput(path, 'must not contain control characters');
  return v;
}

/** The ordering to use: RELEVANCE by default with a search, refused without one. */
export function chooseOrder<T extends string>(orderBy: T | null | undefined, q: string | null, fallback: T): T | 'RELEVANCE' {
  const order = orderBy ?? (q ? 'RELEVANCE' : fallback);
  if (order === 'RELEVANCE' && !q) throw invalidInput(['orderBy'], 'RELEVANCE needs a search');
  return order;
}
