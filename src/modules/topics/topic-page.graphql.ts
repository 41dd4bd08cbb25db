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
import { countEntries, listEntries, type EntryList } from '../catalogue/entry-list.graphql.ts';
import { canReadUnpublished, visibleSql } from '../catalogue/visibility.ts';
import { Event } from '../events/event.graphql.ts';
import { upcomingSql } from '../events/event-filter.ts';
import { Method } from '../methods/method.graphql.ts';
import { Organisation } from '../organisations/organisation.graphql.ts';
import { caseStudiesOnTopic, eventsOnTopic, methodsOnTopic, organisationsOnTopic, subtreeById } from './topic-scope.ts';

interface TopicPageScope {
  topicId: number;
  narrower: boolean;
}

const TopicPage = builder.objectRef<TopicPageScope>('TopicPage');

/** One list on the page: the shared entry-list helper with the topic's scope and the visibility rule. */
function scoped<T extends PgTable & { publicationState: unknown }>(
  table: T,
  orderBy: EntryList<T>['orderBy'],
  where: (table: T, scope: TopicPageScope) => SQL,
) {
  return (scope: TopicPageScope, ctx: GraphQLContext): EntryList<T> => ({
    table,
    orderBy,
    filter: (t) => sql`${visibleSql(!canReadUnpublished(ctx), t)} AND ${where(t, scope)}`,
  });
}

const subtree = (s: TopicPageScope) => subtreeById(s.topicId, s.narrower);
const upcoming = scoped(events, { startsAt: 'asc' }, (e, s) => sql`${upcomingSql(e)} AND ${e.id} IN ${eventsOnTopic(subtree(s))}`);
const recentCaseStudies = scoped(caseStudies, { createdAt: 'desc' }, (c, s) => sql`${c.id} IN ${caseStudiesOnTopic(subtree(s))}`);
const orgs = scoped(organisations, { name: 'asc' }, (o, s) => sql`${o.id} IN ${organisationsOnTopic(subtree(s))}`);
const usedMethods = scoped(methods, { name: 'asc' }, (m, s) => sql`${m.id} IN ${methodsOnTopic(subtree(s))}`);

TopicPage.implement({
  description: 'Everything about a topic in one place. Each list has a totalCount.',
  fields: (t) => ({
    upcomingEvents: t.drizzleConnection(
      {
        type: Event,
        description: 'Events that have not ended yet, soonest first; cancelled and postponed ones stay, marked.',
        totalCount: (scope, args, ctx, info) => countEntries(ctx, info, args, upcoming(scope, ctx)),
        resolve: (query, scope, _args, ctx, info) =>
          listEntries(ctx, info, upcoming(scope, ctx), (o) => ctx.db.query.events.findMany(query(o))),
      },
      { name: 'TopicPageEventConnection' },
      { name: 'TopicPageEventEdge' },
    ),
    recentCaseStudies: t.drizzleConnection(
      {
        type: CaseStudy,
        description: 'Case studies, most recently added first.',
        totalCount: (scope, args, ctx, info) => countEntries(ctx, info, args, recentCaseStudies(scope, ctx)),
        resolve: (query, scope, _args, ctx, info) =>
          listEntries(ctx, info, recentCaseStudies(scope, ctx), (o) => ctx.db.query.caseStudies.findMany(query(o))),
      },
      { name: 'TopicPageCaseStudyConnection' },
      { name: 'TopicPageCaseStudyEdge' },
    ),
    organisations: t.drizzleConnection(
      {
        type: Organisation,
        description:
          'Organisations tagged with the topic, or organising its published events, or taking part in its published case studies; A to Z.',
        totalCount: (scope, args, ctx, info) => countEntries(ctx, info, args, orgs(scope, ctx)),
        resolve: (query, scope, _args, ctx, info) =>
          listEntries(ctx, info, orgs(scope, ctx), (o) => ctx.db.query.organisations.findMany(query(o))),
      },
      { name: 'TopicPageOrganisationConnection' },
      { name: 'TopicPageOrganisationEdge' },
    ),
    methods: t.drizzleConnection(
      {
        type: Method,
        description: 'Methods used by the published events and case studies on the topic; A to Z.',
        totalCount: (scope, args, ctx, info) => countEntries(ctx, info, args, usedMethods(scope, ctx)),
        resolve: (query, scope, _args, ctx, info) =>
          listEntries(ctx, info, usedMethods(scope, ctx), (o) => ctx.db.query.methods.findMany(query(o))),
      },
      { name: 'TopicPageMethodConnection' },
      { name: 'TopicPageMethodEdge' },
    ),
  }),
});

builder.drizzleObjectFields('topics', (t) => ({
  page: t.field({
    type: TopicPage,
    description:
      'Upcoming events, recent case studies, organisations and methods for this topic, including its narrower topics unless `includeNarrower: false`.',
    args: { includeNarrower: t.arg.boolean({ required: false, defaultValue: true }) },
    select: { columns: { id: true } },
    resolve: (topic, args) => ({ topicId: topic.id, narrower: args.includeNarrower ?? true }),
  }),
}));
