// The organisations listing's facet counts over every published organisation, kept as entries change (issue 16).
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

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
