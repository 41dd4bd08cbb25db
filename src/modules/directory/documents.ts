// The GraphQL documents the listing pages run, persisted by hash: the pages read what an API client would, through /graphql.
import { createHash } from 'node:crypto';
import type { ListingKind } from './facets.ts';

const page = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

const listings: Record<ListingKind, string> = {
  events: `query DirectoryEvents($first: Int, $last: Int, $after: String, $before: String, $filter: EventFilter, $search: String) {
  events(first: $first, last: $last, after: $after, before: $before, filter: $filter, search: $search) {
    totalCount
    ${page}
    nodes { slug title description startsAt endsAt timeZone datePrecision format status venue place { name region } series { slug name } }
  }
}`,
  'case-studies': `query DirectoryCaseStudies($first: Int, $last: Int, $after: String, $before: String, $filter: CaseStudyFilter, $search: String) {
  caseStudies(first: $first, last: $last, after: $after, before: $before, filter: $filter, search: $search) {
    totalCount
    ${page}
    nodes { slug title summary startDate startDatePrecision format iap2Level places { name } }
  }
}`,
  organisations: `query DirectoryOrganisations($first: Int, $last: Int, $after: String, $before: String, $filter: OrganisationFilter, $search: String) {
  organisations(first: $first, last: $last, after: $after, before: $before, filter: $filter, search: $search) {
    totalCount
    ${page}
    nodes { slug name kind region description }
  }
}`,
  methods: `query DirectoryMethods($first: Int, $last: Int, $after: String, $before: String, $filter: MethodFilter, $search: String) {
  methods(first: $first, last: $last, after: $after, before: $before, filter: $filter, search: $search) {
    totalCount
    ${page}
    nodes { slug name description participediaType oecdModel }
  }
}`,
};

const search = `query DirectorySearch($query: String!, $types: [SearchType!], $first: Int, $last: Int, $after: String, $before: String) {
  search(query: $query, types: $types, first: $first, last: $last, after: $after, before: $before) {
    totalCount
    ${page}
    nodes {
      snippetText
      entry {
        __typename
        ... on Event { slug title startsAt timeZone datePrecision status }
        ... on CaseStudy { slug title summary }
        ... on Organisation { slug name description }
        ... on Method { slug name description }
        ... on Topic { slug label description }
      }
    }
  }
}`;

/** A calendar month: every event starting in it, in one page (a month holds far fewer than the maximum). */
const calendar = `query DirectoryCalendar($filter: EventFilter, $search: String) {
  events(first: 100, filter: $filter, search: $search, orderBy: STARTS_AT) {
    totalCount
    nodes { slug title startsAt endsAt timeZone datePrecision status format }
  }
}`;

export interface PersistedDocument {
  id: string;
  document: string;
}

const persist = (document: string): PersistedDocument => ({
  id: `sha256:${createHash('sha256').update(document).digest('hex')}`,
  document,
});

export const listingDocuments = Object.fromEntries(Object.entries(listings).map(([k, d]) => [k, persist(d)])) as Record<
  ListingKind,
  PersistedDocument
>;
export const searchDocument = persist(search);
export const calendarDocument = persist(calendar);

/** For the registry: hash -> document, as the embeds' documents are registered. */
export const directoryDocuments: ReadonlyMap<string, string> = new Map(
  [...Object.values(listingDocuments), searchDocument, calendarDocument].map((d) => [d.id.slice('sha256:'.length), d.document]),
);
