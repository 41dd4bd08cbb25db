// Organisations as HSDS organizations: the list form (one-to-one fields) a page at a time, and one in full with its topics.
import { and, asc, count, eq, gt, gte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { PUBLISHED } from '../../../schema/columns.ts';
import { isLocalEntry } from '../sync/origins.ts';
import { organisations, organisationTopics, type OrganisationKind } from '../../../schema/organisations.ts';
import type { Db } from '../../db.ts';
import { pageUrl } from '../following/change-feed.ts';
import { findByHsdsId, hsdsId } from './ids.ts';
import type { ListQuery } from './params.ts';
import { topicAttributes, type HsdsAttribute } from './topics.ts';

export interface HsdsOrganizationListItem {
  id: string;
  name: string;
  description: string;
  website?: string;
  parent_organization_id?: string;
  kind: OrganisationKind;
  region?: string;
  country?: string;
  url: string;
  last_modified: string;
}

export interface HsdsOrganization extends HsdsOrganizationListItem {
  /** None is known yet: the directory keeps no registration numbers (see docs/hsds.md). */
  organization_identifiers: never[];
  attributes: HsdsAttribute[];
}

const parent = alias(organisations, 'parent');

const columns = {
  id: organisations.id,
  slug: organisations.slug,
  name: organisations.name,
  description: organisations.description,
  website: organisations.website,
  kind: organisations.kind,
  region: organisations.region,
  country: organisations.country,
  updatedAt: organisations.updatedAt,
  // The parent only when it is published, as on the organisation's page.
  parentId: parent.id,
};
type Row = {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  website: string | null;
  kind: OrganisationKind | null;
  region: string | null;
  country: string | null;
  updatedAt: string;
  parentId: number | null;
};

const withParent = and(eq(parent.id, organisations.parentId), eq(parent.publicationState, PUBLISHED));
const publishedSince = (after: string | null) =>
  and(
    eq(organisations.publicationState, PUBLISHED),
    isLocalEntry('organisation', organisations.id),
    after ? gte(organisations.updatedAt, after) : undefined,
  );

/** Optional HSDS strings are left out when unknown: the schema says string, never null. */
const present = <K extends string>(key: K, value: string | null) => (value ? ({ [key]: value } as Record<K, string>) : {});

export function organizationListItem(row: Row, base: string): HsdsOrganizationListItem {
  return {
    id: hsdsId('organisation', row.id),
    name: row.name,
    description: row.description ?? '',
    ...present('website', row.website),
    ...(row.parentId === null ? {} : { parent_organization_id: hsdsId('organisation', row.parentId) }),
    // Published organisations always have a kind (organisations_complete_unless_draft).
    kind: row.kind!,
    ...present('region', row.region),
    ...present('country', row.country),
    url: pageUrl(base, 'organisation', row.slug)!,
    last_modified: new Date(row.updatedAt).toISOString(),
  };
}

/** One page of the list: two statements (the count, the rows). */
export async function listOrganizations(db: Db, q: ListQuery, base: string) {
  const where = publishedSince(q.modifiedAfter);
  const [counted] = await db.select({ total: count() }).from(organisations).where(where);
  const rows = await db
    .select(columns)
    .from(organisations)
    .leftJoin(parent, withParent)
    .where(where)
    .orderBy(asc(organisations.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  return { organizations: rows.map((r) => organizationListItem(r, base)), total: counted?.total ?? 0 };
}

/** The list items after `afterId`, for the ndjson dump. */
export async function organizationsBatch(db: Db, o: { afterId: number; size: number; modifiedAfter: string | null; base: string }) {
  const rows = await db
    .select(columns)
    .from(organisations)
    .leftJoin(parent, withParent)
    .where(and(publishedSince(o.modifiedAfter), gt(organisations.id, o.afterId)))
    .orderBy(asc(organisations.id))
    .limit(o.size);
  return { items: rows.map((r) => organizationListItem(r, o.base)), lastId: rows.at(-1)?.id ?? null };
}

/** One published organisation in full, by HSDS id, or null: three statements (find the id, the row, its topics). */
export async function findOrganization(db: Db, uuid: string, base: string): Promise<HsdsOrganization | null> {
  const published = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.publicationState, PUBLISHED));
  const id = findByHsdsId(
    'organisation',
    published.map((r) => r.id),
    uuid,
  );
  if (id === null) return null;
  const [row] = await db
    .select(columns)
    .from(organisations)
    .leftJoin(parent, withParent)
    .where(and(eq(organisations.id, id), eq(organisations.publicationState, PUBLISHED), isLocalEntry('organisation', organisations.id)));
  if (!row) return null;
  const attributes = await topicAttributes(db, {
    type: 'organisation',
    entity: 'organization',
    junction: organisationTopics,
    entryColumn: organisationTopics.organisationId,
    topicColumn: organisationTopics.topicId,
    ids: [id],
    base,
  });
  return { ...organizationListItem(row, base), organization_identifiers: [], attributes: attributes.get(id) ?? [] };
}
