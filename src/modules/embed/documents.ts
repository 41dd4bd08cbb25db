// The GraphQL documents the embeds run: persisted by hash so browsers send short, identical GET URLs.
// Listings ask for `count` (up to 1,000, shown as "1,000+" beyond), not the exact totalCount: a broad topic's
// 24,000 upcoming events took 170 ms to count exactly, every request the cache did not answer.
import { createHash } from 'node:crypto';
import type { EmbedKind } from './kinds.ts';

const listingDocuments: Record<EmbedKind, string> = {
  events: `query EmbedEvents($first: Int!, $filter: EventFilter, $search: String) {
  events(first: $first, filter: $filter, search: $search) {
    count { value exact }
    nodes { slug title startsAt timeZone datePrecision format status venue description place { name } }
  }
}`,
  'case-studies': `query EmbedCaseStudies($first: Int!, $filter: CaseStudyFilter, $search: String) {
  caseStudies(first: $first, filter: $filter, search: $search) {
    count { value exact }
    nodes { slug title summary startDate startDatePrecision places { name } }
  }
}`,
  organisations: `query EmbedOrganisations($first: Int!, $filter: OrganisationFilter, $search: String) {
  organisations(first: $first, filter: $filter, search: $search) {
    count { value exact }
    nodes { slug name kind region description }
  }
}`,
  methods: `query EmbedMethods($first: Int!, $filter: MethodFilter, $search: String) {
  methods(first: $first, filter: $filter, search: $search) {
    count { value exact }
    nodes { slug name description }
  }
}`,
};

const entryDocuments: Record<EmbedKind, string> = {
  events: `query EmbedEvent($slug: String!) {
  entry: event(slug: $slug) { slug title startsAt timeZone datePrecision format status venue description place { name } }
}`,
  'case-studies': `query EmbedCaseStudy($slug: String!) {
  entry: caseStudy(slug: $slug) { slug title summary startDate startDatePrecision places { name } }
}`,
  organisations: `query EmbedOrganisation($slug: String!) {
  entry: organisation(slug: $slug) { slug name kind region description }
}`,
  methods: `query EmbedMethod($slug: String!) {
  entry: method(slug: $slug) { slug name description }
}`,
};

/**
 * Whether a name a partner gave exists: asked only when a listing comes back empty, so a misspelt topic
 * ("helth") is told apart from a topic with nothing on it yet. Aliases count, as they do in filters. One
 * plain document per kind of name (no @include), so each compiles to one statement like the listings.
 */
const nameDocuments = {
  topic: `query EmbedTopicName($slug: String!) {
  found: topic(slug: $slug) { slug }
}`,
  organisation: `query EmbedOrganisationName($slug: String!) {
  found: organisation(slug: $slug) { slug }
}`,
  series: `query EmbedSeriesName($slug: String!) {
  found: eventSeries(slug: $slug) { slug }
}`,
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface PersistedDocument {
  hash: string;
  document: string;
}

const persist = (documents: Record<EmbedKind, string>) =>
  Object.fromEntries(Object.entries(documents).map(([kind, document]) => [kind, { hash: sha256(document), document }])) as Record<
    EmbedKind,
    PersistedDocument
  >;

export const listingQueries = persist(listingDocuments);
export const entryQueries = persist(entryDocuments);
export const nameQueries = Object.fromEntries(
  Object.entries(nameDocuments).map(([name, document]) => [name, { hash: sha256(document), document }]),
) as Record<keyof typeof nameDocuments, PersistedDocument>;

/**
 * The documents the compiled path answers in one statement: listings and entries. The name checks are left to
 * Pothos (the compiler has no `topic` or `eventSeries` root), and run only when a listing comes back empty.
 */
export const compilableDocuments: readonly string[] = [...Object.values(listingQueries), ...Object.values(entryQueries)].map(
  (d) => d.document,
);

/** The allow-list: sha256 of the document text -> document, as Apollo's and the GraphQL-over-HTTP conventions expect. */
export const persistedDocuments: ReadonlyMap<string, string> = new Map(
  [...Object.values(listingQueries), ...Object.values(entryQueries), ...Object.values(nameQueries)].map(({ hash, document }) => [
    hash,
    document,
  ]),
);
