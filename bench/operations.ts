// The benchmarked read operations: each a GraphQL document, its variables, and the raw-SQL route answering the same.
import { listingQueries } from '../src/modules/embed/documents.ts';
export interface Operation {
  name: string;
  document: string;
  variables: Record<string, unknown>;
  /** Path of the bench-only route that returns the same JSON from one hand-written SQL query. */
  raw: string;
  /** Sent as a persisted GET (`documentId=sha256:…`), as the embeds send it, instead of a POST. */
  persistedHash?: string;
}

export const nestedOrganisations = `query NestedOrganisations {
  organisations(first: 20) { nodes { name caseStudies(first: 5) { edges { role node { title methods { nodes { name } } } } } } }
}`;

export const upcomingEventsByTopic = `query UpcomingEvents($topic: String!) {
  events(first: 20, filter: { topics: [$topic] }) {
    nodes { slug title startsAt place { name region } organisers { edges { role node { name } } } }
  }
}`;

export const searchCaseStudies = `query SearchCaseStudies($q: String!) {
  caseStudies(first: 10, search: $q) { nodes { slug title summary } }
}`;

export const caseStudyBySlug = `query CaseStudyBySlug($slug: String!) {
  caseStudy(slug: $slug) {
    title summary startDate
    organisations { edges { role node { name } } }
    methods { nodes { name } }
    topics { nodes { label } }
  }
}`;

export function operations(): Operation[] {
  const embed = listingQueries.events;
  return [
    { name: 'nested organisations', document: nestedOrganisations, variables: {}, raw: '/__bench/raw/nested-organisations' },
    // Topic 3 is a root of the synthetic tree: its subtree spans many topics, as a real broad topic would.
    { name: 'upcoming events by topic', document: upcomingEventsByTopic, variables: { topic: 'synthetic-topic-3' }, raw: '/__bench/raw/upcoming-events?topic=synthetic-topic-3' },
    { name: 'search case studies', document: searchCaseStudies, variables: { q: 'citizens' }, raw: '/__bench/raw/search-case-studies?q=citizens' },
    {
      name: 'embed events listing (persisted GET)',
      document: embed.document,
      variables: { first: 20, filter: { topics: ['synthetic-topic-5'] } },
      raw: '/__bench/raw/embed-events?topic=synthetic-topic-5',
      persistedHash: embed.hash,
    },
    { name: 'case study by slug', document: caseStudyBySlug, variables: { slug: 'synthetic-case-study-77' }, raw: '/__bench/raw/case-study?slug=synthetic-case-study-77' },
  ];
}
