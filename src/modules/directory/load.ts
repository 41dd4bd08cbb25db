// What the directory's pages read: GraphQL documents through the anonymous executor, facet counts and the topic tree in SQL.
import { sql, type SQL } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db.ts';
import { AppError, type ErrorCode } from '../../errors.ts';
import { publishedSql } from '../catalogue/visibility.ts';
import type { AnonymousExecutor } from '../embed/listing.ts';
import { upcomingSql } from '../events/event-filter.ts';
import { events } from '../../../schema/index.ts';
import { facets, matchingIds, type FilterValues, type ListingKind } from './facets.ts';
import type { PersistedDocument } from './documents.ts';

export interface DirectoryDeps {
  /** The database anonymous reads use (a replica, when there are any), drawn per request. */
  readDb: () => Db;
  config: { PUBLIC_URL: string };
  /** An anonymous persisted GET of /graphql, in-process: the compiled path, response cache and replica, as the embeds use. */
  execute: AnonymousExecutor;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  totalCount: number;
  pageInfo?: PageInfo;
  nodes: T[];
}

/** Runs a document as any visitor would; the caller's bad input comes back as that typed error, anything else is ours. */
export async function runDocument(
  deps: DirectoryDeps,
  requestId: string,
  document: PersistedDocument,
  variables: Record<string, unknown>,
): Promise<Record<string, any>> {
  const result = await deps.execute({ documentId: document.id, variables, requestId });
  const first = result.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    // The database not answering is a 503 to retry, not a fault of ours.
    if (code === 'UNAVAILABLE') throw new AppError('UNAVAILABLE', first.message);
    if (code === 'INVALID_INPUT' || code === 'NOT_FOUND' || code === 'BAD_USER_INPUT')
      throw new AppError((code === 'BAD_USER_INPUT' ? 'INVALID_INPUT' : code) satisfies ErrorCode, first.message);
    throw new Error(`directory document failed: ${code ?? 'no code'}: ${first.message}`);
  }
  return result.data ?? {};
}

export interface FacetValue {
  value: string;
  label: string | null;
  count: number;
}

/**
 * Each facet's values with how many entries each would leave, given every other filter: a facet's own choice
 * is left out of its counts, so choosing a second format shows how many that adds (values of one facet are ORed).
 */
export async function countFacets(
  db: Db,
  kind: ListingKind,
  values: FilterValues,
  q: string | null,
): Promise<Record<string, FacetValue[]>> {
  const out: Record<string, FacetValue[]> = {};
  if (!q && Object.keys(values).length === 0 && facets[kind].every((f) => f.kept)) return countKeptFacets(db, kind);
  for (const facet of facets[kind]) {
    if (facet.needs && values[facets[kind].find((f) => f.param === facet.needs)!.field] === undefined) continue;
    const rest = { ...values };
    delete rest[facet.field];
    for (const p of facet.alsoDrop ?? []) delete rest[facets[kind].find((f) => f.param === p)!.field];
    const unfiltered = !q && Object.keys(rest).length === 0;
    const found = await rowsOf<FacetValue>(db, unfiltered && facet.kept ? facet.kept : facet.counts(matchingIds(kind, rest, q), values));
    const chosen = values[facet.field];
    const missing = (Array.isArray(chosen) ? chosen : typeof chosen === 'string' ? [chosen] : []).filter(
      (v) => !found.some((f) => f.value === v),
    );
    if (facet.names && missing.length) found.push(...(await rowsOf<FacetValue>(db, facet.names(missing))));
    out[facet.param] = found.sort(byCount);
  }
  return out;
}

const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || String(a.label ?? a.value).localeCompare(String(b.label ?? b.value));

/** The listing unfiltered, where every facet's counts are kept: all of them in one statement, not one each. */
async function countKeptFacets(db: Db, kind: ListingKind): Promise<Record<string, FacetValue[]>> {
  const all = await rowsOf<FacetValue & { facet: string }>(
    db,
    sql.join(
      facets[kind].map((f) => sql`(SELECT ${f.param}::text AS facet, k.value, k.label::text, k.count FROM (${f.kept}) k)`),
      sql` UNION ALL `,
    ),
  );
  const out: Record<string, FacetValue[]> = {};
  for (const f of facets[kind]) out[f.param] = [];
  for (const { facet, ...value } of all) out[facet]!.push(value);
  for (const values of Object.values(out)) values.sort(byCount);
  return out;
}

/** Upcoming and past events under the same filters: the counts beside the two tabs. */
export async function countTimeframes(db: Db, values: FilterValues, q: string | null) {
  const [counts] = await rowsOf<{ upcoming: number; past: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM ${matchingIds('events', { ...values, timeframe: 'UPCOMING' }, q)} u) AS upcoming,
      (SELECT count(*)::int FROM ${matchingIds('events', { ...values, timeframe: 'PAST' }, q)} p) AS past`,
  );
  return counts ?? { upcoming: 0, past: 0 };
}

export interface TopicNode {
  slug: string;
  label: string;
  broader: string | null;
  /** Upcoming events, case studies and organisations on it or on any narrower topic. */
  events: number;
  caseStudies: number;
  organisations: number;
  narrower: TopicNode[];
}

/** The published topic tree, each topic with what is filed under it or anything narrower. */
export async function loadTopicTree(db: Db): Promise<TopicNode[]> {
  const counted = (joinTable: string, column: string, entries: SQL) =>
    sql`(SELECT count(DISTINCT x.${sql.raw(column)})::int FROM closure c JOIN ${sql.raw(joinTable)} x ON x.topic_id = c.descendant
      WHERE c.ancestor = t.id AND x.${sql.raw(column)} IN ${entries})`;
  const list = await rowsOf<Omit<TopicNode, 'narrower'>>(
    db,
    sql`WITH RECURSIVE closure(ancestor, descendant) AS (
        SELECT id, id FROM topics WHERE ${publishedSql('topics')}
        UNION SELECT closure.ancestor, narrower.id FROM closure JOIN topics narrower ON narrower.broader_id = closure.descendant
          WHERE ${publishedSql('narrower')}
      )
      SELECT t.slug, t.label, b.slug AS broader,
        ${counted('event_topics', 'event_id', sql`(SELECT id FROM events WHERE ${publishedSql(events)} AND ${upcomingSql(events)})`)} AS events,
        ${counted('case_study_topics', 'case_study_id', sql`(SELECT id FROM case_studies WHERE ${publishedSql()})`)} AS "caseStudies",
        ${counted('organisation_topics', 'organisation_id', sql`(SELECT id FROM organisations WHERE ${publishedSql()})`)} AS organisations
      FROM topics t LEFT JOIN topics b ON b.id = t.broader_id AND ${publishedSql('b')}
      WHERE ${publishedSql('t')} ORDER BY t.label`,
  );
  const bySlug = new Map(list.map((t) => [t.slug, { ...t, narrower: [] as TopicNode[] }]));
  const roots: TopicNode[] = [];
  for (const t of bySlug.values()) {
    const parent = t.broader ? bySlug.get(t.broader) : undefined;
    (parent ? parent.narrower : roots).push(t);
  }
  return roots;
}
