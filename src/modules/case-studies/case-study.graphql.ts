// The CaseStudy type: what was done, by whom and with what result; and the case-study queries.
import { sql } from 'drizzle-orm';
import { keptTotal } from '../catalogue/kept-total.ts';
import { caseStudies } from '../../../schema/case-studies.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { entryFields } from '../catalogue/entry-fields.graphql.ts';
import {
  CaseStudyRoleEnum,
  DatePrecisionEnum,
  FormatEnum,
  Iap2LevelEnum,
  ProjectStatusEnum,
  RecruitmentEnum,
  ScopeEnum,
} from '../catalogue/enums.graphql.ts';
import { chooseOrder, normaliseSearch, RANK_WINDOW_NOTE, SEARCH_RANK_WINDOW, TYPO_NOTE, searchRank } from '../catalogue/filters.ts';
import { roleConnectionField } from '../catalogue/role-connection.graphql.ts';
import { connectionDescription, listCountField } from '../catalogue/bounded-count.graphql.ts';
import { countEntries, listEntries, type EntryList } from '../catalogue/entry-list.graphql.ts';
import { findBySlug } from '../catalogue/by-slug.ts';
import { canReadUnpublished, publishedSql, visibleWhere } from '../catalogue/visibility.ts';
import { Organisation } from '../organisations/organisation.graphql.ts';
import { Link } from '../places/place.graphql.ts';
import { caseStudyFilterSql, ofRole } from './case-study-filter.ts';

const visibleOrg = (published: boolean) => (published ? sql`AND ${publishedSql('o')}` : sql``);
const visibleCase = (published: boolean) => (published ? sql`AND ${publishedSql('c')}` : sql``);

export const CaseStudy = builder.drizzleNode('caseStudies', {
  name: 'CaseStudy',
  // Only what fields ask for is loaded; the state is always there for the visibility rule.
  select: { columns: { publicationState: true } },
  description: 'A piece of public-engagement work: who convened and delivered it, where, how, with whom, and what came of it.',
  id: { column: (c) => c.id },
  fields: (t) => ({
    ...entryFields(t, 'caseStudy'),
    title: t.exposeString('title'),
    summary: t.exposeString('summary', { nullable: true }),
    body: t.exposeString('body', { nullable: true, description: 'Longer description, as Markdown.' }),
    projectStatus: t.expose('projectStatus', { type: ProjectStatusEnum, nullable: true }),
    startDate: t.expose('startDate', {
      type: 'Date',
      nullable: true,
      description: 'Read with startDatePrecision: a MONTH date is the first of that month.',
    }),
    startDatePrecision: t.expose('startDatePrecision', { type: DatePrecisionEnum }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true }),
    endDatePrecision: t.expose('endDatePrecision', { type: DatePrecisionEnum }),
    participantCount: t.exposeInt('participantCount', { nullable: true }),
    iap2Level: t.expose('iap2Level', { type: Iap2LevelEnum, nullable: true }),
    recruitment: t.expose('recruitment', { type: RecruitmentEnum, nullable: true }),
    scope: t.expose('scope', { type: ScopeEnum, nullable: true }),
    format: t.expose('format', { type: FormatEnum, nullable: true }),
    evaluated: t.exposeBoolean('evaluated', { nullable: true, description: 'Whether the work was formally evaluated; null when unknown.' }),
    evaluationUrl: t.expose('evaluationUrl', { type: 'URL', nullable: true }),
    findings: t.exposeStringList('findings', { description: 'What participants concluded or called for, one item each.' }),
    outcomes: t.exposeString('outcomes', { nullable: true, description: 'What came of it afterwards.' }),
    links: t.field({ type: [Link], select: { columns: { links: true } }, resolve: (c) => c.links }),
    methods: t.relatedConnection('methods', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { name: 'asc' } }),
    }),
    topics: t.relatedConnection('topics', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { label: 'asc' } }),
    }),
    places: t.relation('places', { query: { orderBy: { name: 'asc' } } }),
    organisations: roleConnectionField(t, {
      junction: 'caseStudyOrganisations',
      nodeRelation: 'organisation',
      parentColumn: 'caseStudyId',
      parentRelation: 'organisationRoles',
      orderBy: { organisationId: 'asc', role: 'asc' },
      roleEnum: CaseStudyRoleEnum,
      nodeType: Organisation,
      nodeTypeName: 'Organisation',
      description: 'Organisations involved, each edge with its role (convener, delivery partner, ...).',
      countSql: (id, published, role) =>
        sql<number>`(SELECT count(*)::int FROM case_study_organisations x JOIN organisations o ON o.id = x.organisation_id WHERE x.case_study_id = ${id} ${visibleOrg(published)} ${ofRole(role)})`,
    }),
  }),
});

builder.drizzleObjectField('organisations', 'caseStudies', (t) =>
  roleConnectionField(t, {
    junction: 'caseStudyOrganisations',
    nodeRelation: 'caseStudy',
    parentColumn: 'organisationId',
    parentRelation: 'caseStudyRoles',
    orderBy: { caseStudyId: 'desc', role: 'asc' },
    roleEnum: CaseStudyRoleEnum,
    nodeType: CaseStudy,
    nodeTypeName: 'CaseStudy',
    description: 'Case studies this organisation took part in, each edge with its role; newest first.',
    countSql: (id, published, role) =>
      sql<number>`(SELECT count(*)::int FROM case_study_organisations x JOIN case_studies c ON c.id = x.case_study_id WHERE x.organisation_id = ${id} ${visibleCase(published)} ${ofRole(role)})`,
  }),
);

const CaseStudyOrder = builder.enumType('CaseStudyOrder', {
  values: {
    NEWEST: { description: 'Most recently added first (the default).' },
    START_DATE: { description: 'Latest start first; undated last.' },
    TITLE: { description: 'A to Z.' },
    RELEVANCE: { description: `Best match first; the default with \`search\`. Ranks the ${SEARCH_RANK_WINDOW} newest matches.` },
  },
});

export const CaseStudyFilter = builder.inputType('CaseStudyFilter', {
  fields: (t) => ({
    topics: t.stringList({ required: false, description: 'Topic slugs or aliases; narrower topics are included.' }),
    organisation: t.string({ required: false, description: 'Slug of an organisation involved in any role.' }),
    role: t.field({ type: CaseStudyRoleEnum, required: false, description: 'With `organisation`: only in this role.' }),
    method: t.string({ required: false, description: 'Slug of a method used.' }),
    region: t.string({ required: false, description: 'Region of any of its places.' }),
    place: t.string({ required: false, description: 'Slug of a place.' }),
    iap2Levels: t.field({ type: [Iap2LevelEnum], required: false }),
    formats: t.field({ type: [FormatEnum], required: false }),
    scopes: t.field({ type: [ScopeEnum], required: false }),
    recruitment: t.field({ type: [RecruitmentEnum], required: false, description: 'How participants were recruited: any of these.' }),
    evaluated: t.boolean({ required: false }),
  }),
});

/** What a page of caseStudies is: its filter, relevance and order, from the field's arguments. */
function list(
  args: { filter?: typeof CaseStudyFilter.$inferInput | null; search?: string | null; orderBy?: typeof CaseStudyOrder.$inferInput | null },
  ctx: GraphQLContext,
): EntryList<typeof caseStudies> {
  const q = normaliseSearch(['search'], args.search);
  const order = chooseOrder(args.orderBy, q, 'NEWEST');
  const published = !canReadUnpublished(ctx);
  return {
    table: caseStudies,
    filter: (o) => caseStudyFilterSql(o, args.filter, q, published),
    keptTotal: keptTotal('case_study', args.filter, q, published),
    rank: order === 'RELEVANCE' && q ? (o) => searchRank(o.search, q) : undefined,
    orderBy: order === 'TITLE' ? { title: 'asc' } : order === 'START_DATE' ? { startKey: 'desc' } : { createdAt: 'desc' },
    // Undated case studies sort last, and a non-null key keeps cursors able to page past them.
    extras: order === 'START_DATE' ? { startKey: (o) => sql`coalesce(${o.startDate}, '0001-01-01'::date)::text` } : {},
  };
}

builder.queryFields((t) => ({
  caseStudy: t.drizzleField({
    type: CaseStudy,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      findBySlug(ctx.db, 'caseStudy', args.slug, (slug) =>
        ctx.db.query.caseStudies.findFirst(query({ where: { slug, ...visibleWhere(ctx) } })),
      ),
  }),
  caseStudies: t.drizzleConnection(
    {
      type: CaseStudy,
      args: {
        filter: t.arg({ type: CaseStudyFilter, required: false }),
        search: t.arg.string({
          required: false,
          description: `Ranked full-text search over titles, summaries, findings and bodies. ${TYPO_NOTE} ${RANK_WINDOW_NOTE}`,
        }),
        orderBy: t.arg({ type: CaseStudyOrder, required: false }),
      },
      totalCount: (_parent, args, ctx, info) => countEntries(ctx, info, args, list(args, ctx)),
      resolve: (query, _root, args, ctx, info) =>
        listEntries(ctx, info, list(args, ctx), (options) => ctx.db.query.caseStudies.findMany(query(options))),
    },
    { name: 'CaseStudyConnection', description: connectionDescription('case studies'), fields: (c) => ({ count: listCountField(c) }) },
    { name: 'CaseStudyEdge' },
  ),
}));
