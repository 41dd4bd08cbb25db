// The Event and EventSeries types, and the event queries (upcoming first by default).
import { sql } from 'drizzle-orm';
import { keptTotal } from '../catalogue/kept-total.ts';
import { events } from '../../../schema/events.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { entryFields } from '../catalogue/entry-fields.graphql.ts';
import { DatePrecisionEnum, EventOrganiserRoleEnum, EventStatusEnum, FormatEnum } from '../catalogue/enums.graphql.ts';
import {
  assertPlainText,
  chooseOrder,
  normaliseSearch,
  RANK_WINDOW_NOTE,
  SEARCH_RANK_WINDOW,
  TYPO_NOTE,
  searchRank,
} from '../catalogue/filters.ts';
import { roleConnectionField } from '../catalogue/role-connection.graphql.ts';
import { connectionDescription, listCountField } from '../catalogue/bounded-count.graphql.ts';
import { countEntries, listEntries, pothosPageRows, type EntryList, type PageArgs } from '../catalogue/entry-list.graphql.ts';
import { findBySlug } from '../catalogue/by-slug.ts';
import { DRAFT_ONLY_NULL } from '../catalogue/drafts.ts';
import { canReadUnpublished, publishedSql, visibleWhere } from '../catalogue/visibility.ts';
import { Organisation } from '../organisations/organisation.graphql.ts';
import { Link } from '../places/place.graphql.ts';
import { eventFilterSql, timeframeOf } from './event-filter.ts';
import { eventCountSql, eventPageSql } from './topic-reach.ts';
import { localIso } from './local-time.ts';

const ofRole = (role: string | null) => (role ? sql`AND x.role = ${role}` : sql``);

export const EventSeries = builder.drizzleNode('eventSeries', {
  name: 'EventSeries',
  // Only what fields ask for is loaded; the state is always there for the visibility rule.
  select: { columns: { publicationState: true } },
  description: 'A run of related events, such as a community of practice’s monthly meetings.',
  id: { column: (s) => s.id },
  fields: (t) => ({
    ...entryFields(t, 'event'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    frequency: t.exposeString('frequency', { nullable: true, description: 'As the organisers describe it, e.g. "monthly(ish)".' }),
    organisation: t.relation('organisation', { nullable: true, query: (_args, ctx) => ({ where: visibleWhere(ctx) }) }),
    events: t.relatedConnection('events', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { startsAt: 'asc' } }),
    }),
  }),
});

const Speaker = builder.drizzleObject('eventSpeakers', {
  name: 'Speaker',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.exposeString('title', { nullable: true, description: 'Their role as they give it.' }),
    organisation: t.relation('organisation', { nullable: true, query: (_args, ctx) => ({ where: visibleWhere(ctx) }) }),
  }),
});

export const Event = builder.drizzleNode('events', {
  name: 'Event',
  // Only what fields ask for is loaded; the state is always there for the visibility rule.
  select: { columns: { publicationState: true } },
  description: 'A meeting, workshop, webinar or conference. Times are instants, shown locally in `timeZone`.',
  id: { column: (e) => e.id },
  fields: (t) => ({
    ...entryFields(t, 'event'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    startsAt: t.expose('startsAt', { type: 'DateTime', nullable: true, description: DRAFT_ONLY_NULL }),
    endsAt: t.expose('endsAt', { type: 'DateTime', nullable: true }),
    timeZone: t.exposeString('timeZone', { description: 'IANA time zone the event is held in.' }),
    startsAtLocal: t.string({
      description: 'Start as local time with its offset in `timeZone`, e.g. 2026-03-29T10:00:00+01:00.',
      select: { columns: { startsAt: true, timeZone: true } },
      nullable: true,
      resolve: (e) => (e.startsAt ? localIso(e.startsAt, e.timeZone) : null),
    }),
    endsAtLocal: t.string({
      nullable: true,
      select: { columns: { endsAt: true, timeZone: true } },
      resolve: (e) => (e.endsAt ? localIso(e.endsAt, e.timeZone) : null),
    }),
    datePrecision: t.expose('datePrecision', {
      type: DatePrecisionEnum,
      description: 'MONTH when only the month is known: startsAt is then the month’s start.',
    }),
    format: t.expose('format', { type: FormatEnum, nullable: true, description: DRAFT_ONLY_NULL }),
    status: t.expose('status', { type: EventStatusEnum }),
    venue: t.exposeString('venue', { nullable: true }),
    place: t.relation('place', { nullable: true }),
    onlineUrl: t.expose('onlineUrl', { type: 'URL', nullable: true }),
    registrationUrl: t.expose('registrationUrl', { type: 'URL', nullable: true }),
    series: t.relation('series', { nullable: true, query: (_args, ctx) => ({ where: visibleWhere(ctx) }) }),
    resources: t.field({ type: [Link], select: { columns: { resources: true } }, resolve: (e) => e.resources }),
    speakers: t.relation('speakers', { type: Speaker, query: { orderBy: { position: 'asc', id: 'asc' } } }),
    topics: t.relatedConnection('topics', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { label: 'asc' } }),
    }),
    methods: t.relatedConnection('methods', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { name: 'asc' } }),
    }),
    organisers: roleConnectionField(t, {
      junction: 'eventOrganisers',
      nodeRelation: 'organisation',
      parentColumn: 'eventId',
      parentRelation: 'organiserRoles',
      orderBy: { organisationId: 'asc' },
      roleEnum: EventOrganiserRoleEnum,
      nodeType: Organisation,
      nodeTypeName: 'Organisation',
      description: 'Organisations that run the event, each edge with its role.',
      countSql: (id, published, role) =>
        sql<number>`(SELECT count(*)::int FROM event_organisers x JOIN organisations o ON o.id = x.organisation_id WHERE x.event_id = ${id} ${published ? sql`AND ${publishedSql('o')}` : sql``} ${ofRole(role)})`,
    }),
  }),
});

builder.drizzleObjectField('organisations', 'events', (t) =>
  roleConnectionField(t, {
    junction: 'eventOrganisers',
    nodeRelation: 'event',
    parentColumn: 'organisationId',
    parentRelation: 'eventRoles',
    orderBy: { eventId: 'desc' },
    roleEnum: EventOrganiserRoleEnum,
    nodeType: Event,
    nodeTypeName: 'Event',
    description: 'Events this organisation runs, each edge with its role; most recently added first.',
    countSql: (id, published, role) =>
      sql<number>`(SELECT count(*)::int FROM event_organisers x JOIN events e ON e.id = x.event_id WHERE x.organisation_id = ${id} ${published ? sql`AND ${publishedSql('e')}` : sql``} ${ofRole(role)})`,
  }),
);

builder.drizzleObjectField('organisations', 'series', (t) =>
  t.relatedConnection('series', { totalCount: true, query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { name: 'asc' } }) }),
);

const EventTimeframe = builder.enumType('EventTimeframe', {
  values: {
    UPCOMING: { description: 'Not yet ended (the default), soonest first.' },
    PAST: { description: 'Already ended, most recent first.' },
    ALL: { description: 'Any time, earliest first.' },
  },
});

const EventOrder = builder.enumType('EventOrder', {
  values: {
    STARTS_AT: { description: 'Earliest first.' },
    STARTS_AT_DESC: { description: 'Latest first.' },
    RELEVANCE: { description: `Best match first; the default with \`search\`. Ranks the ${SEARCH_RANK_WINDOW} newest matches.` },
  },
});

export const EventFilter = builder.inputType('EventFilter', {
  fields: (t) => ({
    timeframe: t.field({ type: EventTimeframe, required: false, description: 'Ignored when `from` or `to` is given.' }),
    from: t.field({ type: 'DateTime', required: false, description: 'Events still running at or after this instant.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Events starting before this instant.' }),
    topics: t.stringList({ required: false, description: 'Topic slugs or aliases; narrower topics are included.' }),
    formats: t.field({ type: [FormatEnum], required: false }),
    statuses: t.field({
      type: [EventStatusEnum],
      required: false,
      description: 'Cancelled and postponed events are included unless filtered out.',
    }),
    region: t.string({ required: false }),
    place: t.string({ required: false, description: 'Slug of a place.' }),
    organiser: t.string({ required: false, description: 'Slug of an organising organisation.' }),
    series: t.string({ required: false, description: 'Slug of an event series.' }),
    method: t.string({ required: false, description: 'Slug of a method.' }),
  }),
});
/** What a page of events is, from the field's arguments: past events latest first, others soonest first. */
function list(
  args: {
    filter?: typeof EventFilter.$inferInput | null;
    search?: string | null;
    orderBy?: typeof EventOrder.$inferInput | null;
  } & PageArgs,
  ctx: GraphQLContext,
): EntryList<typeof events> {
  const q = normaliseSearch(['search'], args.search);
  const order = chooseOrder(args.orderBy, q, timeframeOf(args.filter) === 'PAST' ? 'STARTS_AT_DESC' : 'STARTS_AT');
  const published = !canReadUnpublished(ctx);
  return {
    table: events,
    filter: (e) => eventFilterSql(e, args.filter, q, published),
    keptTotal: keptTotal('event', args.filter, q, published),
    count: (upTo) => eventCountSql(events, args.filter, q, published, upTo),
    // A first page: the rows Pothos reads (one more than asked, to tell whether there is a next page).
    page:
      args.after == null && args.before == null && args.last == null
        ? (e) => eventPageSql(e, args.filter, q, published, args.orderBy, pothosPageRows(args.first))
        : undefined,
    rank: order === 'RELEVANCE' && q ? (e) => searchRank(e.search, q) : undefined,
    orderBy: order === 'STARTS_AT_DESC' ? { startsAt: 'desc' } : { startsAt: 'asc' },
  };
}

builder.queryFields((t) => ({
  event: t.drizzleField({
    type: Event,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      findBySlug(ctx.db, 'event', assertPlainText(['slug'], args.slug), (slug) =>
        ctx.db.query.events.findFirst(query({ where: { slug, ...visibleWhere(ctx) } })),
      ),
  }),
  eventSeries: t.drizzleField({
    type: EventSeries,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      findBySlug(ctx.db, 'eventSeries', assertPlainText(['slug'], args.slug), (slug) =>
        ctx.db.query.eventSeries.findFirst(query({ where: { slug, ...visibleWhere(ctx) } })),
      ),
  }),
  events: t.drizzleConnection(
    {
      type: Event,
      description: 'Events, upcoming first by default. Cancelled and postponed events stay listed, marked by `status`.',
      args: {
        filter: t.arg({ type: EventFilter, required: false }),
        search: t.arg.string({ required: false, description: `Ranked full-text search. ${TYPO_NOTE} ${RANK_WINDOW_NOTE}` }),
        orderBy: t.arg({ type: EventOrder, required: false }),
      },
      totalCount: (_parent, args, ctx, info) => countEntries(ctx, info, args, list(args, ctx)),
      resolve: (query, _root, args, ctx, info) =>
        listEntries(ctx, info, list(args, ctx), (options) => ctx.db.query.events.findMany(query(options))),
    },
    { name: 'EventConnection', description: connectionDescription('events'), fields: (c) => ({ count: listCountField(c) }) },
    { name: 'EventEdge' },
  ),
}));
