// SQL building blocks for the catalogue's filters: topic subtrees, slugs, regions and search.
import { sql, type SQL } from 'drizzle-orm';
import { invalidInput } from '../../errors.ts';

/** The topics named by slug (or alias), as a condition on `topics`. */
const namedTopics = (slugs: readonly string[]) =>
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

export const MAX_SEARCH_LENGTH = 200;

/** Trim and bound a free-text query; an empty one means "no search". */
export function normaliseSearch(path: string[], raw: string | null | undefined): string | null {
  if (raw == null) return null;
  // Control characters (NUL above all, which PostgreSQL text refuses) carry no meaning in a search.
  const q = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!q) return null;
  if (q.length > MAX_SEARCH_LENGTH) throw invalidInput(path, `must be at most ${MAX_SEARCH_LENGTH} characters`);
  return q;
}

/** Full-text match on the generated `search` column, or a fuzzy (trigram) match on the name. */
export function searchMatches(search: SQL | unknown, name: SQL | unknown, q: string): SQL {
  return sql`(${search} @@ websearch_to_tsquery('english', ed_unaccent(${q})) OR ed_unaccent(${q}) <% ed_unaccent(${name}))`;
}

/** Relevance: text rank plus how closely the name matches, so a typo of a name still ranks. */
export function searchRank(search: SQL | unknown, name: SQL | unknown, q: string): SQL<number> {
  return sql<number>`(ts_rank_cd(${search}, websearch_to_tsquery('english', ed_unaccent(${q}))) + word_similarity(ed_unaccent(${q}), ed_unaccent(${name})))::float8`;
}

/**
 * How many matches RELEVANCE ranks: the newest this many (by id), as GitHub's search API stops at 1,000
 * results. No index orders by a query-dependent rank, so ranking every match of a common word costs
 * O(matches) (480 ms for 60k of 300k case studies); the window is found by walking the primary key
 * backwards and stopping after it, so it costs the same at any scale. Older matches are still counted by
 * totalCount and reached by every other order.
 */
export const SEARCH_RANK_WINDOW = 200;

/** The API's word for it, in the descriptions of `search` and RELEVANCE. */
export const RANK_WINDOW_NOTE =
  `RELEVANCE ranks the ${SEARCH_RANK_WINDOW} newest matches (pages included); totalCount counts every match, and other orders reach them all.`;

/**
 * `id IN (the newest SEARCH_RANK_WINDOW rows of \`from\` passing \`filter\`)`: the rows RELEVANCE ranks.
 * \`filter\` is written over \`from\` itself, which the subquery's FROM shadows, so it reads the inner rows.
 */
export function rankWindow(id: SQL | unknown, from: SQL | unknown, filter: SQL, size = SEARCH_RANK_WINDOW): SQL {
  return sql`${id} IN (SELECT id FROM ${from} WHERE ${filter} ORDER BY id DESC LIMIT ${sql.raw(String(Math.trunc(size)))})`;
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
  if (/[\u0000-\u001f\u007f]/.test(v)) throw invalidInput(path, 'must not contain control characters');
  return v;
}

/** The ordering to use: RELEVANCE by default with a search, refused without one. */
export function chooseOrder<T extends string>(orderBy: T | null | undefined, q: string | null, fallback: T): T | 'RELEVANCE' {
  const order = orderBy ?? (q ? 'RELEVANCE' : fallback);
  if (order === 'RELEVANCE' && !q) throw invalidInput(['orderBy'], 'RELEVANCE needs a search');
  return order;
}
