// The organisations listing's facet counts over every published organisation, kept as entries change (issue 16).
import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';
import { topics } from './topics.ts';

/**
 * How many published organisations each facet value has, with no other filter: what /organisations shows
 * unfiltered. Kept exact by statement-level triggers on organisations, organisation_topics and topics (set in
 * the migration: drizzle-kit cannot write triggers), so every writer keeps it, imports and sync included;
 * counting 100k organisations and their topics' subtrees on each page view took seconds at the large scale.
 */
export const organisationFacetCounts = pgTable(
  'organisation_facet_counts',
  {
    /** 'topic' (value: the topic's id; its count includes every narrower topic), 'kind', 'region' or 'country'. */
    facet: text('facet').notNull(),
    value: text('value').notNull(),
    /** Zero once the last one goes: the readers skip those rows. */
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.facet, t.value] })],
);

/**
 * How many entries of each type are published: the exact `totalCount` of a list nobody narrowed (the listing pages
 * unfiltered), read from one row instead of counting 100k organisations or 300k case studies per view. Kept by
 * statement-level triggers on the four entry tables (in the migration), so every writer keeps it.
 */
export const publishedTotals = pgTable('published_totals', {
  /** 'organisation', 'case_study', 'event' or 'method'. */
  entryType: text('entry_type').primaryKey(),
  count: integer('count').notNull(),
});

/**
 * Which topics each organisation is on, as the topic filter means it (src/modules/topics/topic-scope.ts
 * `organisationsOnTopic`): tagged with the topic, or organising a published event or taking part in a published case
 * study tagged with it. Direct topics only (a topic's subtree is worked out when read). Kept by triggers (in the
 * migration) on the tags, the organisers and participants, and the events' and case studies' publication, so the
 * listing's topic facet counts what its topic filter lists.
 */
export const organisationTopicReach = pgTable(
  'organisation_topic_reach',
  {
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.topicId] }),
    index('organisation_topic_reach_topic_idx').on(t.topicId, t.organisationId),
  ],
);
