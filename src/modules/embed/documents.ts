// The GraphQL documents the embeds run: persisted by hash so browsers send short, identical GET URLs.
import { createHash } from 'node:crypto';
import type { EmbedKind } from './kinds.ts';

const listingDocuments: Record<EmbedKind, string> = {
  events: `query EmbedEvents($first: Int!, $filter: EventFilter, $search: String) {
  events(first: $first, filter: $filter, search: $search) {
    totalCount
    nodes { slug title startsAt timeZone datePrecision format status venue description place { name } }
  }
}`,
  'case-studies': `query EmbedCaseStudies($first: Int!, $filter: CaseStudyFilter, $search: String) {
  caseStudies(first: $first, filter: $filter, search: $search) {
    totalCount
    nodes { slug title summary startDate startDatePrecision places { name } }
  }
}`,
  organisations: `query EmbedOrganisations($first: Int!, $filter: OrganisationFilter, $search: String) {
  organisations(first: $first, filter: $filter, search: $search) {
    totalCount
    nodes { slug name kind region description }
  }
}`,
  methods: `query EmbedMethods($first: Int!, $filter: MethodFilter, $search: String) {
  methods(first: $first, filter: $filter, search: $search) {
    totalCount
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
 * Whether the names a partner gave exist: asked only when a listing comes back empty, so a misspelt topic
 * ("helth") is told apart from a topic with nothing on it yet. Aliases count, as they do in filters.
 */
const namesDocument = `query EmbedNames($topic: String = "", $organisation: String = "", $series: String = "", $withTopic: Boolean = false, $withOrganisation: Boolean = false, $withSeries: Boolean = false) {
  topic(slug: $topic) @include(if: $withTopic) { slug }
  organisation(slug: $organisation) @include(if: $withOrganisation) { slug }
  eventSeries(slug: $series) @include(if: $withSeries) { slug }
}`;

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
export const namesQuery: PersistedDocument = { hash: sha256(namesDocument), document: namesDocument };

/** The allow-list: sha256 of the document text -> document, as Apollo's and the GraphQL-over-HTTP conventions expect. */
export const persistedDocuments: ReadonlyMap<string, string> = new Map(
  [...Object.values(listingQueries), ...Object.values(entryQueries), namesQuery].map(({ hash, document }) => [hash, document]),
);
