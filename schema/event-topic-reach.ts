// Which topics each published event reaches (its tags and every broader topic above them), kept as entries change (issue 16).
import { index, integer, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per published event and topic it reaches: a topic's subtree membership turned around, so "the upcoming
 * events of a topic, narrower topics included" is one index range on topic_id, with nothing to de-duplicate.
 * Counting a broad topic's upcoming events up to 1,001 otherwise read and de-duplicated all ~24k tags of its
 * subtree (21 ms at the large scale). Kept exact by statement-level triggers on events, event_topics and topics
 * (set in the migration: drizzle-kit cannot write triggers), so every writer keeps it, imports and sync included.
 */
export const eventTopicReach = pgTable(
  'event_topic_reach',
  {
    eventId: integer('event_id').notNull(),
    topicId: integer('topic_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** The event's end, or its start when it has none: not yet ended while this is >= now (upcomingSql). */
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.topicId] }),
    // A topic's events in the listing's order (starts_at, id), from the index alone: a page is its first rows from
    // the earliest start of an event still running (as upcomingSql bounds it), a count the rows from there on.
    index('event_topic_reach_topic_starts_idx').on(t.topicId, t.startsAt, t.eventId, t.endsAt),
  ],
);
