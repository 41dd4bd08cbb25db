// Events and event series: when, where (or online), who organises and speaks, and their resources.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { datePrecisions, entryColumns, oneOf, searchDocument, slugCheck, tsvector, type Link } from './columns.ts';
import { engagementFormats } from './case-studies.ts';
import { methods } from './methods.ts';
import { organisations } from './organisations.ts';
import { places } from './places.ts';
import { topics } from './topics.ts';

/**
 * The longest an event may run. Bounding it lets "not yet ended" become a range on starts_at
 * (started within this many days), which the (state, starts_at) index can serve.
 */
export const MAX_EVENT_DAYS = 366;

export const eventStatuses = ['scheduled', 'postponed', 'cancelled'] as const;
export const eventOrganiserRoles = ['organiser', 'host', 'partner', 'funder'] as const;

export const eventSeries = pgTable(
  'event_series',
  {
    ...entryColumns(),
    name: text('name').notNull(),
    description: text('description'),
    /** Free text such as "monthly", because series keep irregular rhythms. */
    frequency: text('frequency'),
    organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
  },
  (t) => [check('event_series_slug_format', slugCheck(t.slug)), index('event_series_org_idx').on(t.organisationId)],
);

export const events = pgTable(
  'events',
  {
    ...entryColumns(),
    title: text('title').notNull(),
    description: text('description'),
    /** Null only in a draft (see events_complete_unless_draft). */
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'string' }),
    /** IANA zone the event is held in; local times are shown in it. */
    timeZone: text('time_zone').notNull().default('Europe/London'),
    /** How precisely `startsAt` is known: a meeting dated only to its month is stored at the month's start. */
    datePrecision: text('date_precision', { enum: datePrecisions }).notNull().default('day'),
    format: text('format', { enum: engagementFormats }),
    status: text('status', { enum: eventStatuses }).notNull().default('scheduled'),
    placeId: integer('place_id').references(() => places.id, { onDelete: 'restrict' }),
    venue: text('venue'),
    onlineUrl: text('online_url'),
    registrationUrl: text('registration_url'),
    seriesId: integer('series_id').references(() => eventSeries.id, { onDelete: 'restrict' }),
    resources: jsonb('resources').$type<Link[]>().notNull().default(sql`'[]'::jsonb`),
    search: tsvector('search').generatedAlwaysAs((): any =>
      searchDocument([
        [sql`title`, 'A'],
        [sql`description`, 'B'],
      ]),
    ),
  },
  (t) => [
    check('events_slug_format', slugCheck(t.slug)),
    check('events_format', oneOf(t.format, engagementFormats)),
    check('events_status', oneOf(t.status, eventStatuses)),
    check('events_date_precision', oneOf(t.datePrecision, datePrecisions)),
    check('events_ends_after_start', sql`${t.endsAt} IS NULL OR ${t.endsAt} >= ${t.startsAt}`),
    check('events_length_bounded', sql`${t.endsAt} IS NULL OR ${t.endsAt} <= ${t.startsAt} + interval '366 days'`),
    check('events_resources_array', sql`jsonb_typeof(${t.resources}) = 'array'`),
    // A draft may lack its time and format ("drafts save with what they have"); nothing under review or public may.
    check(
      'events_complete_unless_draft',
      sql`${t.publicationState} NOT IN ('submitted', 'published', 'archived') OR (${t.startsAt} IS NOT NULL AND ${t.format} IS NOT NULL)`,
    ),
    index('events_state_starts_idx').on(t.publicationState, t.startsAt, t.id),
    // Finds the events running at a moment (their range contains it): the lower bound of "not yet ended" (upcomingSql).
    index('events_running_idx').using('gist', sql`tstzrange(${t.startsAt}, coalesce(${t.endsAt}, ${t.startsAt}), '[]')`),
    // Answers "is this event published and not yet ended" from the index alone, so counting the events of
    // a topic (totalCount) probes this small index per tagged event instead of the table or a scan of it.
    index('events_id_window_idx').on(t.id, t.publicationState, t.startsAt, t.endsAt),
    index('events_series_idx').on(t.seriesId, t.startsAt),
    index('events_place_idx').on(t.placeId),
    index('events_format_idx').on(t.format, t.startsAt),
    index('events_status_idx').on(t.status, t.startsAt),
    index('events_search_idx').using('gin', t.search),
    index('events_title_trgm_idx').using('gin', sql`ed_unaccent(${t.title}) gin_trgm_ops`),
  ],
);

export const eventOrganisers = pgTable(
  'event_organisers',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    role: text('role', { enum: eventOrganiserRoles }).notNull().default('organiser'),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.organisationId] }),
    check('event_organisers_role', oneOf(t.role, eventOrganiserRoles)),
    index('event_organisers_org_idx').on(t.organisationId, t.eventId),
  ],
);

export const eventTopics = pgTable(
  'event_topics',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.topicId] }), index('event_topics_topic_idx').on(t.topicId, t.eventId)],
);

export const eventMethods = pgTable(
  'event_methods',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    methodId: integer('method_id')
      .notNull()
      .references(() => methods.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.methodId] }), index('event_methods_method_idx').on(t.methodId, t.eventId)],
);

export const eventSpeakers = pgTable(
  'event_speakers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The speaker's role as they give it ("Chair ai@cam"). */
    title: text('title'),
    organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('event_speakers_event_idx').on(t.eventId, t.position), index('event_speakers_org_idx').on(t.organisationId)],
);
