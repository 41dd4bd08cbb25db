// The topic page in the API: upcoming events, recent case studies, organisations and methods for a topic and its narrower topics, with counts.
import { sql, type SQL } from 'drizzle-orm';
import { caseStudies } from '../../../schema/case-studies.ts';
import { events } from '../../../schema/events.ts';
import { methods } from '../../../schema/methods.ts';
import { organisations } from '../../../schema/organisations.ts';
import type { PgTable } from 'drizzle-orm/pg-core';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { CaseStudy } from '../case-studies/case-study.graphql.ts';
import { rememberPage, totalExtra, totalFromPage, wantsTotal } from '../catalogue/total-count.ts';
import { canReadUnpublished } from '../catalogue/visibility.ts';
import { Event } from '../events/event.graphql.ts';
import { Method } from '../methods/method.graphql.ts';
import { Organisation } from '../organisations/organisation.graphql.ts';
import { caseStudiesOnTopic, eventsOnTopic, methodsOnTopic, organisationsOnTopic, subtreeById } from './topic-scope.ts';

interface TopicPageScope {
  topicId: number;
  narrower: boolean;
}

const TopicPage = builder.objectRef<TopicPageScope>('TopicPage');

const visible = (state: unknown, ctx: GraphQLContext) => (canReadUnpublished(ctx) ? sql`true` : sql`${state} = 'published'`);

/** A connection over one table, its filter shared by the page and its count so both say the same. */
function scopedConnection<Table extends PgTable & { id: unknown; publicationState: unknown }>(options: {
  table: Table;
  where: (table: Table, scope: TopicPageScope, ctx: GraphQLContext) => SQL;
}) {
  // The page query aliases the table, so its WHERE is built on the alias it is handed; the count uses the table itself.
  const filter = (scope: TopicPageScope, ctx: GraphQLContext, table: Table = options.table) =>
    sql`${visible(table.publicationState, ctx)} AND ${options.where(table, scope, ctx)}`;
  return {
    filter,
    totalCount: (scope: TopicPageScope, args: { after?: string | null; before?: string | null }, ctx: GraphQLContext, info: any) =>
      totalFromPage(ctx, info, args, () => ctx.db.$count(options.table, filter(scope, ctx))),
    extras: (scope: TopicPageScope, ctx: GraphQLContext, info: any) => (wantsTotal(info) ? totalExtra(options.table, filter(scope, ctx)) : {}),
  };
}

const upcoming = scopedConnection({
  table: events,
  where: (e, s) => sql`coalesce(${e.endsAt}, ${e.startsAt}) >= now() AND ${e.id} IN ${eventsOnTopic(subtreeById(s.topicId, s.narrower))}`,
});
const recentCaseStudies = scopedConnection({ table: caseStudies, where: (c, s) => sql`${c.id} IN ${caseStudiesOnTopic(subtreeById(s.topicId, s.narrower))}` });
const orgs = scopedConnection({ table: organisations, where: (o, s) => sql`${o.id} IN ${organisationsOnTopic(subtreeById(s.topicId, s.narrower))}` });
const usedMethods = scopedConnection({ table: methods, where: (m, s) => sql`${m.id} IN ${methodsOnTopic(subtreeById(s.topicId, s.narrower))}` });

TopicPage.implement({
  description: 'Everything about a topic in one place. Each list has a totalCount.',
  fields: (t) => ({
    upcomingEvents: t.drizzleConnection({
      type: Event,
      description: 'Events that have not ended yet, soonest first; cancelled and postponed ones stay, marked.',
      totalCount: (scope, args, ctx, info) => upcoming.totalCount(scope, args, ctx, info),
      resolve: (query, scope, _args, ctx, info) =>
        rememberPage(ctx, info, ctx.db.query.events.findMany(query({
          where: { RAW: (table) => upcoming.filter(scope, ctx, table as never) },
          extras: upcoming.extras(scope, ctx, info) as never,
          orderBy: { startsAt: 'asc' },
        }))) as never,
    }, { name: 'TopicPageEventConnection' }, { name: 'TopicPageEventEdge' }),
    recentCaseStudies: t.drizzleConnection({
      type: CaseStudy,
      description: 'Case studies, most recently added first.',
      totalCount: (scope, args, ctx, info) => recentCaseStudies.totalCount(scope, args, ctx, info),
      resolve: (query, scope, _args, ctx, info) =>
        rememberPage(ctx, info, ctx.db.query.caseStudies.findMany(query({
          where: { RAW: (table) => recentCaseStudies.filter(scope, ctx, table as never) },
          extras: recentCaseStudies.extras(scope, ctx, info) as never,
          orderBy: { createdAt: 'desc' },
        }))) as never,
    }, { name: 'TopicPageCaseStudyConnection' }, { name: 'TopicPageCaseStudyEdge' }),
    organisations: t.drizzleConnection({
      type: Organisation,
      description: 'Organisations tagged with the topic, or organising its published events, or taking part in its published case studies; A to Z.',
      totalCount: (scope, args, ctx, info) => orgs.totalCount(scope, args, ctx, info),
      resolve: (query, scope, _args, ctx, info) =>
        rememberPage(ctx, info, ctx.db.query.organisations.findMany(query({
          where: { RAW: (table) => orgs.filter(scope, ctx, table as never) },
          extras: orgs.extras(scope, ctx, info) as never,
          orderBy: { name: 'asc' },
        }))) as never,
    }, { name: 'TopicPageOrganisationConnection' }, { name: 'TopicPageOrganisationEdge' }),
    methods: t.drizzleConnection({
      type: Method,
      description: 'Methods used by the published events and case studies on the topic; A to Z.',
      totalCount: (scope, args, ctx, info) => usedMethods.totalCount(scope, args, ctx, info),
      resolve: (query, scope, _args, ctx, info) =>
        rememberPage(ctx, info, ctx.db.query.methods.findMany(query({
          where: { RAW: (table) => usedMethods.filter(scope, ctx, table as never) },
          extras: usedMethods.extras(scope, ctx, info) as never,
          orderBy: { name: 'asc' },
        }))) as never,
    }, { name: 'TopicPageMethodConnection' }, { name: 'TopicPageMethodEdge' }),
  }),
});

builder.drizzleObjectFields('topics', (t) => ({
  page: t.field({
    type: TopicPage,
    description: 'Upcoming events, recent case studies, organisations and methods for this topic, including its narrower topics unless `includeNarrower: false`.',
    args: { includeNarrower: t.arg.boolean({ required: false, defaultValue: true }) },
    select: { columns: { id: true } },
    resolve: (topic, args) => ({ topicId: topic.id, narrower: args.includeNarrower ?? true }),
  }),
}));
