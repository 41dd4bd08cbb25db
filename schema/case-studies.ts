// Case studies: what was done, by whom (with roles), where, with which method, and what came of it.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { datePrecisions, entryColumns, oneOf, searchDocument, slugCheck, textList, tsvector, type Link } from './columns.ts';
import { methods } from './methods.ts';
import { organisations } from './organisations.ts';
import { places } from './places.ts';
import { topics } from './topics.ts';

export const projectStatuses = ['planned', 'ongoing', 'completed'] as const;
/** The IAP2 spectrum of public participation. */
export const iap2Levels = ['inform', 'consult', 'involve', 'collaborate', 'empower'] as const;
export const recruitmentMethods = ['open', 'targeted', 'random', 'stratified_random'] as const;
export const engagementScopes = ['local', 'regional', 'national', 'international'] as const;
export const engagementFormats = ['in_person', 'online', 'hybrid'] as const;
export const caseStudyRoles = ['convener', 'commissioner', 'funder', 'delivery_partner', 'collaborator', 'expert_contributor'] as const;

export const caseStudies = pgTable(
  'case_studies',
  {
    ...entryColumns(),
    title: text('title').notNull(),
    summary: text('summary'),
    body: text('body'),
    projectStatus: text('project_status', { enum: projectStatuses }),
    startDate: date('start_date', { mode: 'string' }),
    startDatePrecision: text('start_date_precision', { enum: datePrecisions }).notNull().default('day'),
    endDate: date('end_date', { mode: 'string' }),
    endDatePrecision: text('end_date_precision', { enum: datePrecisions }).notNull().default('day'),
    participantCount: integer('participant_count'),
    iap2Level: text('iap2_level', { enum: iap2Levels }),
    recruitment: text('recruitment', { enum: recruitmentMethods }),
    scope: text('scope', { enum: engagementScopes }),
    format: text('format', { enum: engagementFormats }),
    evaluated: boolean('evaluated'),
    evaluationUrl: text('evaluation_url'),
    findings: textList('findings'),
    outcomes: text('outcomes'),
    links: jsonb('links').$type<Link[]>().notNull().default(sql`'[]'::jsonb`),
    search: tsvector('search').generatedAlwaysAs((): any =>
      searchDocument([
        [sql`title`, 'A'],
        [sql`summary`, 'B'],
        [sql`ed_join(findings)`, 'C'],
        [sql`body`, 'D'],
      ]),
    ),
  },
  (t) => [
    check('case_studies_slug_format', slugCheck(t.slug)),
    check('case_studies_project_status', sql`${t.projectStatus} IS NULL OR ${oneOf(t.projectStatus, projectStatuses)}`),
    check('case_studies_iap2_level', sql`${t.iap2Level} IS NULL OR ${oneOf(t.iap2Level, iap2Levels)}`),
    check('case_studies_recruitment', sql`${t.recruitment} IS NULL OR ${oneOf(t.recruitment, recruitmentMethods)}`),
    check('case_studies_scope', sql`${t.scope} IS NULL OR ${oneOf(t.scope, engagementScopes)}`),
    check('case_studies_format', sql`${t.format} IS NULL OR ${oneOf(t.format, engagementFormats)}`),
    check('case_studies_start_precision', oneOf(t.startDatePrecision, datePrecisions)),
    check('case_studies_end_precision', oneOf(t.endDatePrecision, datePrecisions)),
    check('case_studies_dates_ordered', sql`${t.endDate} IS NULL OR ${t.startDate} IS NULL OR ${t.endDate} >= ${t.startDate}`),
    check('case_studies_participants', sql`${t.participantCount} IS NULL OR ${t.participantCount} >= 0`),
    check('case_studies_evaluation', sql`${t.evaluationUrl} IS NULL OR ${t.evaluated} IS TRUE`),
    check('case_studies_links_array', sql`jsonb_typeof(${t.links}) = 'array'`),
    index('case_studies_state_start_idx').on(t.publicationState, t.startDate, t.id),
    index('case_studies_state_created_idx').on(t.publicationState, t.createdAt, t.id),
    index('case_studies_search_idx').using('gin', t.search),
    index('case_studies_facets_idx').on(t.iap2Level, t.format, t.scope),
    index('case_studies_evaluated_idx').on(t.evaluated),
    index('case_studies_title_trgm_idx').using('gin', sql`ed_unaccent(${t.title}) gin_trgm_ops`),
  ],
);

export const caseStudyOrganisations = pgTable(
  'case_study_organisations',
  {
    caseStudyId: integer('case_study_id')
      .notNull()
      .references(() => caseStudies.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    role: text('role', { enum: caseStudyRoles }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseStudyId, t.organisationId, t.role] }),
    check('case_study_organisations_role', oneOf(t.role, caseStudyRoles)),
    index('case_study_organisations_org_idx').on(t.organisationId, t.caseStudyId),
  ],
);

export const caseStudyMethods = pgTable(
  'case_study_methods',
  {
    caseStudyId: integer('case_study_id')
      .notNull()
      .references(() => caseStudies.id, { onDelete: 'cascade' }),
    methodId: integer('method_id')
      .notNull()
      .references(() => methods.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.caseStudyId, t.methodId] }), index('case_study_methods_method_idx').on(t.methodId, t.caseStudyId)],
);

export const caseStudyTopics = pgTable(
  'case_study_topics',
  {
    caseStudyId: integer('case_study_id')
      .notNull()
      .references(() => caseStudies.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.caseStudyId, t.topicId] }), index('case_study_topics_topic_idx').on(t.topicId, t.caseStudyId)],
);

export const caseStudyPlaces = pgTable(
  'case_study_places',
  {
    caseStudyId: integer('case_study_id')
      .notNull()
      .references(() => caseStudies.id, { onDelete: 'cascade' }),
    placeId: integer('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.caseStudyId, t.placeId] }), index('case_study_places_place_idx').on(t.placeId, t.caseStudyId)],
);
