// Organisations: hosts, partners, conveners, agencies, funders and networks.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { entryColumns, oneOf, searchDocument, slugCheck, tsvector } from './columns.ts';
import { topics } from './topics.ts';

export const organisationKinds = [
  'charity',
  'research_institute',
  'university',
  'university_programme',
  'public_body',
  'government_department',
  'local_authority',
  'company',
  'agency',
  'network',
  'community_of_practice',
  'funder',
  'other',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const organisations = pgTable(
  'organisations',
  {
    ...entryColumns(),
    name: text('name').notNull(),
    /** Null only in a draft (see organisations_complete_unless_draft). */
    kind: text('kind', { enum: organisationKinds }),
    description: text('description'),
    website: text('website'),
    region: text('region'),
    country: text('country'),
    parentId: integer('parent_id').references((): AnyPgColumn => organisations.id, { onDelete: 'restrict' }),
    search: tsvector('search').generatedAlwaysAs((): any =>
      searchDocument([
        [sql`name`, 'A'],
        [sql`description`, 'B'],
      ]),
    ),
  },
  (t) => [
    check('organisations_slug_format', slugCheck(t.slug)),
    check('organisations_kind', oneOf(t.kind, organisationKinds)),
    check(
      'organisations_complete_unless_draft',
      sql`${t.publicationState} NOT IN ('submitted', 'published', 'archived') OR ${t.kind} IS NOT NULL`,
    ),
    check('organisations_not_own_parent', sql`${t.parentId} IS DISTINCT FROM ${t.id}`),
    check('organisations_country_format', sql`${t.country} ~ '^[A-Z]{2}$'`),
    index('organisations_state_name_idx').on(t.publicationState, t.name, t.id),
    index('organisations_parent_idx').on(t.parentId),
    index('organisations_kind_idx').on(t.kind),
    index('organisations_region_idx').on(t.region),
    index('organisations_country_idx').on(t.country),
    index('organisations_search_idx').using('gin', t.search),
    index('organisations_name_trgm_idx').using('gin', sql`ed_unaccent(${t.name}) gin_trgm_ops`),
  ],
);

export const organisationTopics = pgTable(
  'organisation_topics',
  {
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.topicId] }), index('organisation_topics_topic_idx').on(t.topicId)],
);
