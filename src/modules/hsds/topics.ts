// Topics as HSDS sees them: one taxonomy, a taxonomy_term per published topic, an attribute per tag on an entry.
import { and, asc, count, eq, gt, gte, inArray } from 'drizzle-orm';
import { alias, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { PUBLISHED } from '../../../schema/columns.ts';
import type { EntryType } from '../../../schema/editorial.ts';
import { topics } from '../../../schema/topics.ts';
import type { Db } from '../../db.ts';
import { pageUrl } from '../following/change-feed.ts';
import { attributeId, hsdsId, TOPICS_TAXONOMY_ID } from './ids.ts';
import type { ListQuery } from './params.ts';

const TAXONOMY_NAME = 'Engagement Directory topics';

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  uri: string;
}

export const topicsTaxonomy = (base: string): HsdsTaxonomy => ({
  id: TOPICS_TAXONOMY_ID,
  name: TAXONOMY_NAME,
  description: "The directory's shared tree of topics: what entries are about. A term's parent is its broader topic.",
  uri: `${base}/topics`,
});

export interface HsdsTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy: string;
  taxonomy_id: string;
  language: string;
  term_uri: string;
  last_modified: string;
}

const broader = alias(topics, 'broader');

// The broader topic only when it is published: naming a draft's id would tell anonymous readers it exists.
const termColumns = {
  id: topics.id,
  slug: topics.slug,
  label: topics.label,
  description: topics.description,
  broaderId: broader.id,
  updatedAt: topics.updatedAt,
};
type TermRow = { id: number; slug: string; label: string; description: string | null; broaderId: number | null; updatedAt: string };

const withBroader = and(eq(broader.id, topics.broaderId), eq(broader.publicationState, PUBLISHED));

export const termOf = (row: TermRow, base: string): HsdsTerm => ({
  id: hsdsId('topic', row.id),
  code: row.slug,
  name: row.label,
  // HSDS requires a description; a topic without one has an empty one rather than an invented one.
  description: row.description ?? '',
  ...(row.broaderId === null ? {} : { parent_id: hsdsId('topic', row.broaderId) }),
  taxonomy: TAXONOMY_NAME,
  taxonomy_id: TOPICS_TAXONOMY_ID,
  language: 'en',
  term_uri: pageUrl(base, 'topic', row.slug)!,
  last_modified: new Date(row.updatedAt).toISOString(),
});

const publishedSince = (after: string | null) =>
  and(eq(topics.publicationState, PUBLISHED), after ? gte(topics.updatedAt, after) : undefined);

/** One page of terms: two statements (the count, the rows). */
export async function listTerms(db: Db, q: ListQuery, base: string): Promise<{ terms: HsdsTerm[]; total: number }> {
  const where = publishedSince(q.modifiedAfter);
  const [counted] = await db.select({ total: count() }).from(topics).where(where);
  const rows = await db
    .select(termColumns)
    .from(topics)
    .leftJoin(broader, withBroader)
    .where(where)
    .orderBy(asc(topics.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  return { terms: rows.map((r) => termOf(r, base)), total: counted?.total ?? 0 };
}

/** The terms after `afterId`, for the ndjson dump. */
export async function termsBatch(db: Db, o: { afterId: number; size: number; modifiedAfter: string | null; base: string }) {
  const rows = await db
    .select(termColumns)
    .from(topics)
    .leftJoin(broader, withBroader)
    .where(and(publishedSince(o.modifiedAfter), gt(topics.id, o.afterId)))
    .orderBy(asc(topics.id))
    .limit(o.size);
  return { items: rows.map((r) => termOf(r, o.base)), lastId: rows.at(-1)?.id ?? null };
}

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_type: 'topic';
  link_entity: 'organization' | 'event';
  taxonomy_term_id: string;
  taxonomy_term: HsdsTerm;
  label: string;
}

/**
 * The published topics of some entries as attributes, in one statement. `junction` is the entry's topic
 * table (`organisation_topics`...), `entryColumn` its column naming the entry.
 */
export async function topicAttributes(
  db: Db,
  o: {
    type: EntryType;
    entity: HsdsAttribute['link_entity'];
    junction: PgTable;
    entryColumn: PgColumn;
    topicColumn: PgColumn;
    ids: number[];
    base: string;
  },
): Promise<Map<number, HsdsAttribute[]>> {
  const out = new Map<number, HsdsAttribute[]>();
  if (!o.ids.length) return out;
  const rows = await db
    .select({ entryId: o.entryColumn, ...termColumns })
    .from(o.junction)
    .innerJoin(topics, and(eq(topics.id, o.topicColumn), eq(topics.publicationState, PUBLISHED)))
    .leftJoin(broader, withBroader)
    .where(inArray(o.entryColumn, o.ids))
    .orderBy(asc(o.entryColumn), asc(topics.id));
  for (const row of rows as (TermRow & { entryId: number })[]) {
    const term = termOf(row, o.base);
    const attribute: HsdsAttribute = {
      id: attributeId(o.type, row.entryId, row.id),
      link_id: hsdsId(o.type, row.entryId),
      link_type: 'topic',
      link_entity: o.entity,
      taxonomy_term_id: term.id,
      taxonomy_term: term,
      label: term.name,
    };
    out.set(row.entryId, [...(out.get(row.entryId) ?? []), attribute]);
  }
  return out;
}
