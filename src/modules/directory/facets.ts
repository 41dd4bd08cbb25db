// The facets of each listing: which URL parameters filter it, how each maps onto the GraphQL filter, and the SQL that counts each value.
import { sql, type SQL } from 'drizzle-orm';
import { caseStudyRoles, engagementFormats, engagementScopes, iap2Levels, recruitmentMethods } from '../../../schema/case-studies.ts';
import { eventStatuses } from '../../../schema/events.ts';
import { oecdDeliberativeModels, participediaMethodTypes } from '../../../schema/methods.ts';
import { organisationKinds } from '../../../schema/organisations.ts';
import { caseStudies, events, methods, organisations } from '../../../schema/index.ts';
import { caseStudyFilterSql } from '../case-studies/case-study-filter.ts';
import { publishedSql } from '../catalogue/visibility.ts';
import { eventFilterSql } from '../events/event-filter.ts';
import { methodFilterSql } from '../methods/method-filter.ts';
import { organisationFilterSql } from '../organisations/organisation-filter.ts';

export const listingKinds = ['events', 'case-studies', 'organisations', 'methods'] as const;
export type ListingKind = (typeof listingKinds)[number];

/** Filter values as the services and GraphQL take them: database vocabulary (lower case), slugs, booleans. */
export type FilterValues = Record<string, string | boolean | string[] | undefined>;

export interface Facet {
  /** The URL parameter, as the embeds and feeds name it where they have it. */
  param: string;
  label: string;
  /** The GraphQL filter field it sets (a list field when `multi`). */
  field: string;
  multi: boolean;
  /** A fixed vocabulary (database values); otherwise values come from the data (slugs, regions). */
  vocabulary?: readonly string[];
  boolean?: true;
  /** Counted only when this other facet is set (a role means something only with an organisation). */
  needs?: string;
  /** Dropped with it when counting this facet: values that only mean something together. */
  alsoDrop?: string[];
  /** value, label (null: derived from the value), count: for the entries whose ids `ids` selects. */
  counts: (ids: SQL, values: FilterValues) => SQL;
  /** The names of chosen slugs that no entry matches any more, so their chips still read as names. */
  names?: (slugs: string[]) => SQL;
  /**
   * The same rows as `counts` over every published entry, from counts kept as entries change: read when no other
   * filter applies (the listing unfiltered), where counting the whole catalogue took seconds at the large scale.
   */
  kept?: SQL;
}

const namesIn = (table: string, column: string) => (slugs: string[]) =>
  sql`SELECT slug AS value, ${r(column)} AS label, 0 AS count FROM ${r(table)} WHERE slug = ANY(${sql.param(slugs)}::text[]) AND ${publishedSql()}`;

const r = sql.raw;

/** Topics with everything tagged with them or any narrower topic: a topic's count includes its subtree. */
const topicCounts = (joinTable: string, entryColumn: string) => (ids: SQL) =>
  sql`WITH RECURSIVE closure(ancestor, descendant) AS (
      SELECT id, id FROM topics WHERE ${publishedSql('topics')}
      UNION SELECT closure.ancestor, narrower.id FROM closure JOIN topics narrower ON narrower.broader_id = closure.descendant
    )
    SELECT t.slug AS value, t.label AS label, count(DISTINCT x.${r(entryColumn)})::int AS count
    FROM closure JOIN ${r(joinTable)} x ON x.topic_id = closure.descendant JOIN topics t ON t.id = closure.ancestor
    WHERE x.${r(entryColumn)} IN ${ids} GROUP BY t.slug, t.label`;

const columnCounts = (table: string, column: string) => (ids: SQL) =>
  sql`SELECT ${r(column)}::text AS value, NULL AS label, count(*)::int AS count FROM ${r(table)}
    WHERE id IN ${ids} AND ${r(column)} IS NOT NULL GROUP BY 1`;

const linkedCounts = (joinTable: string, entryColumn: string, target: string, targetColumn: string, name: string) => (ids: SQL) =>
  sql`SELECT t.slug AS value, t.${r(name)} AS label, count(DISTINCT x.${r(entryColumn)})::int AS count
    FROM ${r(joinTable)} x JOIN ${r(target)} t ON t.id = x.${r(targetColumn)}
    WHERE ${publishedSql('t')} AND x.${r(entryColumn)} IN ${ids} GROUP BY t.slug, t.${r(name)}`;

/** Kept by the triggers of schema/migrations/…_organisation_facet_counts: topics by id, so a renamed slug still counts. */
const keptOrganisationTopics = sql`SELECT t.slug AS value, t.label AS label, c.count FROM organisation_facet_counts c
  JOIN topics t ON t.id::text = c.value AND ${publishedSql('t')} WHERE c.facet = 'topic' AND c.count > 0`;
const keptOrganisationColumn = (facet: string) =>
  sql`SELECT value, NULL AS label, count FROM organisation_facet_counts WHERE facet = ${facet} AND count > 0`;

const topic = (joinTable: string, entryColumn: string): Facet => ({
  param: 'topic',
  label: 'Topic',
  field: 'topics',
  multi: true,
  counts: topicCounts(joinTable, entryColumn),
  names: namesIn('topics', 'label'),
});
const format = (table: string): Facet => ({
  param: 'format',
  label: 'Format',
  field: 'formats',
  multi: true,
  vocabulary: engagementFormats,
  counts: columnCounts(table, 'format'),
});

export const facets: Record<ListingKind, Facet[]> = {
  events: [
    topic('event_topics', 'event_id'),
    format('events'),
    {
      param: 'region',
      label: 'Region',
      field: 'region',
      multi: false,
      counts: (ids) => sql`SELECT p.region AS value, NULL AS label, count(*)::int AS count FROM events e JOIN places p ON p.id = e.place_id
        WHERE e.id IN ${ids} AND p.region IS NOT NULL GROUP BY p.region`,
    },
    {
      param: 'organisation',
      label: 'Organised by',
      field: 'organiser',
      multi: false,
      counts: linkedCounts('event_organisers', 'event_id', 'organisations', 'organisation_id', 'name'),
      names: namesIn('organisations', 'name'),
    },
    {
      param: 'series',
      label: 'Series',
      field: 'series',
      multi: false,
      counts: (
        ids,
      ) => sql`SELECT s.slug AS value, s.name AS label, count(*)::int AS count FROM events e JOIN event_series s ON s.id = e.series_id
        WHERE ${publishedSql('s')} AND e.id IN ${ids} GROUP BY s.slug, s.name`,
      names: namesIn('event_series', 'name'),
    },
    {
      param: 'status',
      label: 'Status',
      field: 'statuses',
      multi: true,
      vocabulary: eventStatuses,
      counts: columnCounts('events', 'status'),
    },
  ],
  'case-studies': [
    topic('case_study_topics', 'case_study_id'),
    {
      param: 'organisation',
      label: 'Organisation',
      field: 'organisation',
      multi: false,
      alsoDrop: ['role'],
      counts: linkedCounts('case_study_organisations', 'case_study_id', 'organisations', 'organisation_id', 'name'),
      names: namesIn('organisations', 'name'),
    },
    {
      param: 'role',
      label: 'In the role of',
      field: 'role',
      multi: false,
      vocabulary: caseStudyRoles,
      needs: 'organisation',
      counts: (ids, v) => sql`SELECT x.role AS value, NULL AS label, count(DISTINCT x.case_study_id)::int AS count
        FROM case_study_organisations x JOIN organisations o ON o.id = x.organisation_id
        WHERE o.slug = ${String(v.organisation ?? '')} AND x.case_study_id IN ${ids} GROUP BY x.role`,
    },
    {
      param: 'region',
      label: 'Region',
      field: 'region',
      multi: false,
      counts: (ids) => sql`SELECT p.region AS value, NULL AS label, count(DISTINCT x.case_study_id)::int AS count
        FROM case_study_places x JOIN places p ON p.id = x.place_id WHERE x.case_study_id IN ${ids} AND p.region IS NOT NULL GROUP BY p.region`,
    },
    format('case_studies'),
    {
      param: 'iap2',
      label: 'IAP2 level',
      field: 'iap2Levels',
      multi: true,
      vocabulary: iap2Levels,
      counts: columnCounts('case_studies', 'iap2_level'),
    },
    {
      param: 'recruitment',
      label: 'Recruitment',
      field: 'recruitment',
      multi: true,
      vocabulary: recruitmentMethods,
      counts: columnCounts('case_studies', 'recruitment'),
    },
    {
      param: 'scope',
      label: 'Scope',
      field: 'scopes',
      multi: true,
      vocabulary: engagementScopes,
      counts: columnCounts('case_studies', 'scope'),
    },
    {
      param: 'method',
      label: 'Method',
      field: 'method',
      multi: false,
      counts: linkedCounts('case_study_methods', 'case_study_id', 'methods', 'method_id', 'name'),
      names: namesIn('methods', 'name'),
    },
    {
      param: 'evaluated',
      label: 'Evaluated',
      field: 'evaluated',
      multi: false,
      boolean: true,
      counts: (ids) => sql`SELECT CASE WHEN evaluated IS TRUE THEN 'yes' ELSE 'no' END AS value, NULL AS label, count(*)::int AS count
        FROM case_studies WHERE id IN ${ids} GROUP BY 1`,
    },
  ],
  organisations: [
    // Counted over what each organisation reaches (its tags and its published work's), as the topic filter lists.
    { ...topic('organisation_topic_reach', 'organisation_id'), kept: keptOrganisationTopics },
    {
      param: 'kind',
      label: 'Kind',
      field: 'kinds',
      multi: true,
      vocabulary: organisationKinds,
      counts: columnCounts('organisations', 'kind'),
      kept: keptOrganisationColumn('kind'),
    },
    {
      param: 'region',
      label: 'Region',
      field: 'region',
      multi: false,
      counts: columnCounts('organisations', 'region'),
      kept: keptOrganisationColumn('region'),
    },
    {
      param: 'country',
      label: 'Country',
      field: 'country',
      multi: false,
      counts: columnCounts('organisations', 'country'),
      kept: keptOrganisationColumn('country'),
    },
  ],
  methods: [
    {
      param: 'type',
      label: 'Participedia type',
      field: 'participediaTypes',
      multi: true,
      vocabulary: participediaMethodTypes,
      counts: columnCounts('methods', 'participedia_type'),
    },
    {
      param: 'model',
      label: 'OECD deliberative model',
      field: 'oecdModels',
      multi: true,
      vocabulary: oecdDeliberativeModels,
      counts: columnCounts('methods', 'oecd_model'),
    },
  ],
};

/** The published entries a filter keeps, by the same SQL rules the GraphQL lists use. */
export function matchingIds(kind: ListingKind, values: FilterValues, q: string | null): SQL {
  const v = values as never;
  switch (kind) {
    case 'events':
      return sql`(SELECT id FROM events WHERE ${eventFilterSql(events, v, q, true)})`;
    case 'case-studies':
      return sql`(SELECT id FROM case_studies WHERE ${caseStudyFilterSql(caseStudies, v, q, true)})`;
    case 'organisations':
      return sql`(SELECT id FROM organisations WHERE ${organisationFilterSql(organisations, v, q, true)})`;
    case 'methods':
      return sql`(SELECT id FROM methods WHERE ${methodFilterSql(methods, v, q, true)})`;
  }
}
