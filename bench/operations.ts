// The benchmarked operations: each a GraphQL document, its variables, and the raw-SQL route answering the same.
import { listingQueries } from '../src/modules/embed/documents.ts';
export interface Operation {
  name: string;
  document: string;
  variables: Record<string, unknown>;
  /** Path of the bench-only route that returns the same JSON from one hand-written SQL query. */
  raw: string;
  /** Sent as a persisted GET (`documentId=sha256:…`), as the embeds send it, instead of a POST. */
  persistedHash?: string;
  /** A write: every request is a new one, built by `next()` (a POST, to the raw route too). */
  write?: Write;
  /** A page or feed (GET, no GraphQL document): see bench/pages.ts. */
  page?: Page;
}

/** A page's request, and what its answer and the raw route's must agree on when they are not the same bytes. */
export interface Page {
  path: string;
  headers?: Record<string, string>;
  /** The part of an HTML answer both must hold (the entries listed); absent: the JSON itself. */
  compareAs?: (body: string) => string;
  /** Only for a signed-in reader: no raw route, no cached variant (nothing signed in is cached). */
  signedIn?: boolean;
}

/** What a write operation adds: each request a distinct, valid write, and how to tell it succeeded. */
export interface Write {
  /** Sent with every request: the writer's bearer token. */
  headers: Record<string, string>;
  /** JSON keys whose values must differ between two equal writes (a new revision's id and time): ignored when comparing with the raw route. */
  differs: readonly string[];
  /** The next request's variables, and `settle` for its response body: true if the write succeeded. */
  next(): { variables: Record<string, unknown>; settle(body: string): boolean };
  /** Whether an answer is the write's success result (not `errors`, not a typed error such as Conflict). */
  succeeded(body: string): boolean;
  /** Before each slice of load: the writer's entries free again, each at the revision the server holds. */
  refresh(): Promise<void>;
  /** Variables of the same edit from the same state, each time: what the JSON comparison sends. */
  sample(): Promise<Record<string, unknown>>;
  /** After the run: revoke the tokens the setup issued. */
  finish(): Promise<void>;
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
    {
      name: 'upcoming events by topic',
      document: upcomingEventsByTopic,
      variables: { topic: 'synthetic-topic-3' },
      raw: '/__bench/raw/upcoming-events?topic=synthetic-topic-3',
    },
    {
      name: 'search case studies',
      document: searchCaseStudies,
      variables: { q: 'citizens' },
      raw: '/__bench/raw/search-case-studies?q=citizens',
    },
    // A word no text contains: corrected against the lexicon to the known words closest to it (filters.ts textQuery).
    {
      name: 'search case studies, a typo',
      document: searchCaseStudies,
      variables: { q: 'citizns' },
      raw: '/__bench/raw/search-case-studies?q=citizns',
    },
    {
      name: 'embed events listing (persisted GET)',
      document: embed.document,
      variables: { first: 20, filter: { topics: ['synthetic-topic-5'] } },
      raw: '/__bench/raw/embed-events?topic=synthetic-topic-5',
      persistedHash: embed.hash,
    },
    {
      name: 'case study by slug',
      document: caseStudyBySlug,
      variables: { slug: 'synthetic-case-study-77' },
      raw: '/__bench/raw/case-study?slug=synthetic-case-study-77',
    },
  ];
}

export const partnerEditsEvent = `mutation PartnerEditsEvent($id: ID!, $base: ID, $input: EventInput!) {
  updateEvent(id: $id, baseRevisionId: $base, input: $input) {
    __typename
    ... on EditResult { slug publicationState revision { id state createdAt diff { field before after } baseDiff { field } } }
    ... on Conflict { currentRevision { id } }
    ... on InvalidInput { fieldErrors { path message } }
    ... on MutationError { message }
  }
}`;

export const partnerEditsEventName = 'partner edits event (mutation)';

/** Who the setup creates, all on synthetic organisations of the generated catalogue. */
export const benchPeople = {
  hostOrganisation: 'synthetic-organisation-1',
  hostAdmin: 'synthetic-bench-host-admin@example.org',
  partnerOrganisation: 'synthetic-organisation-2',
  partnerAdmin: 'synthetic-bench-partner-admin@example.org',
};

/** The generator makes every tenth entry a draft: synthetic-event-10, -20, … */
const draftEventSlug = (k: number) => `synthetic-event-${10 * k}`;
// Each edit re-tags the event with the next pair, so every write changes its topic links as well as its text.
const topicPairs = [
  ['synthetic-topic-3', 'synthetic-topic-31'],
  ['synthetic-topic-5', 'synthetic-topic-52'],
  ['synthetic-topic-7', 'synthetic-topic-12'],
];

type Gql = (document: string, variables: Record<string, unknown>, token: string) => Promise<any>;

/** A GraphQL client for the setup, failing loudly on any error or typed error result. */
export function client(base: string): Gql {
  return async (document, variables, token) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-bench-path': 'pothos' },
      body: JSON.stringify({ query: document, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown };
    const result = body.data && Object.values(body.data)[0];
    if (!res.ok || body.errors || (result?.__typename && /^(Forbidden|NotFound|Conflict|InvalidInput)$/.test(result.__typename))) {
      throw new Error(`bench setup: ${document.slice(0, 60)}… answered ${res.status} ${JSON.stringify(body)}`);
    }
    return body.data!;
  };
}

/** The mutation's result in an answer; undefined for `errors` or a body that is not JSON. */
function resultOf(body: string): any {
  try {
    return JSON.parse(body)?.data?.updateEvent;
  } catch {
    return undefined;
  }
}

interface PoolEntry {
  id: string;
  base: string | null;
  /** Which of topicPairs the event is tagged with now (-1: none of them); the next edit takes the next pair. */
  pair: number;
}

/**
 * The partner's most frequent write: an edit to an event its organisation maintains, proposed on the
 * revision it last saw. Set up through the API as a partner would be: the host admin invites the
 * partner organisation's admin and issues their token; the partner admin invites a contributor and
 * issues theirs; the host admin makes the partner a maintainer of draft events (`setMaintainer`).
 * Each connection then edits its own event, so no two requests race for one base revision.
 */
export async function partnerEditsEventOperation(o: { base: string; hostAdminToken: string; connections: number }): Promise<Operation> {
  const gql = client(o.base);
  const admin = o.hostAdminToken;
  const run = Date.now().toString(36);
  const { partnerOrganisation: organisation, partnerAdmin } = benchPeople;
  const contributor = `synthetic-bench-contributor-${run}@example.org`;
  const invite = `mutation($organisation: String!, $email: String!, $role: MemberRole!) {
    inviteMember(organisation: $organisation, email: $email, role: $role) { __typename } }`;
  const issue = `mutation($input: CreateTokenInput!) { createToken(input: $input) { __typename ... on IssuedToken { id token } } }`;
  const revoke = `mutation($id: ID!) { revokeToken(id: $id) { __typename } }`;

  await gql(invite, { organisation, email: partnerAdmin, role: 'PARTNER_ADMIN' }, admin);
  const partnerAdminToken = (
    await gql(
      issue,
      {
        input: {
          name: `Synthetic bench partner admin ${run}`,
          scopes: ['WRITE_ENTRIES', 'MANAGE_MEMBERS'],
          email: partnerAdmin,
          organisation,
          expiresInDays: 1,
        },
      },
      admin,
    )
  ).createToken;
  await gql(invite, { organisation, email: contributor, role: 'CONTRIBUTOR' }, partnerAdminToken.token);
  const contributorToken = (
    await gql(
      issue,
      { input: { name: `Synthetic bench contributor ${run}`, scopes: ['WRITE_ENTRIES'], email: contributor, expiresInDays: 1 } },
      partnerAdminToken.token,
    )
  ).createToken;
  const token: string = contributorToken.token;

  // One event per connection and as many spare, so a connection always finds one no request is editing; one more for the JSON comparison.
  const entries: PoolEntry[] = [];
  for (let k = 1; entries.length < 2 * o.connections + 1; k++) {
    const found = (await gql(`query($slug: String!) { event(slug: $slug) { id publicationState } }`, { slug: draftEventSlug(k) }, admin))
      .event;
    if (!found)
      throw new Error(
        `bench setup: ${draftEventSlug(k)} does not exist; the catalogue has too few draft events for ${o.connections} connections`,
      );
    // A draft's row and links mirror each edit; a published entry would only gain a revision.
    if (found.publicationState !== 'DRAFT') continue;
    await gql(
      `mutation($id: ID!, $organisation: String!) { setMaintainer(id: $id, organisation: $organisation) { __typename } }`,
      { id: found.id, organisation },
      admin,
    );
    entries.push({ id: found.id, base: null, pair: -1 });
  }
  const [sampleEntry, ...pool] = entries as [PoolEntry, ...PoolEntry[]];

  // Snapshots hold topic ids: the pairs' ids, read from their global ids ("Topic:3").
  const topicIds = async (slug: string) => {
    const { id } = (await gql(`query($slug: String!) { topic(slug: $slug) { id } }`, { slug }, token)).topic;
    return Number(Buffer.from(id, 'base64').toString().split(':')[1]);
  };
  const pairIds = await Promise.all(topicPairs.map(async (pair) => (await Promise.all(pair.map(topicIds))).sort((a, b) => a - b).join()));
  const head = async (entry: PoolEntry) => {
    const data = await gql(`query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { id snapshot } } }`, { id: entry.id }, token);
    const current = data.revisions.nodes[0];
    entry.base = current?.id ?? null;
    entry.pair = pairIds.indexOf([...(current?.snapshot.topicIds ?? [])].sort((a, b) => a - b).join());
  };
  const edit = async (entry: PoolEntry, input: Record<string, unknown>) => {
    entry.base = (await gql(partnerEditsEvent, { id: entry.id, base: entry.base, input }, token)).updateEvent.revision.id;
    entry.pair = topicPairs.indexOf(input.topics as string[]);
  };
  const input = (entry: PoolEntry, n: number) => ({
    description: `Synthetic: details updated by the benchmark (edit ${n} of run ${run}).`,
    topics: topicPairs[(entry.pair + 1) % topicPairs.length],
  });

  // An event edited for the first time gets a baseline revision too; the steady state is an event with a history.
  await Promise.all(entries.map(head));
  for (const entry of entries) if (entry.base === null) await edit(entry, input(entry, 0));

  let free: PoolEntry[] = [];
  let count = 0;
  const write: Write = {
    headers: { authorization: `Bearer ${token}` },
    differs: ['id', 'createdAt'],
    succeeded: (body) => resultOf(body)?.__typename === 'EditResult',
    next() {
      const entry = free.pop() ?? pool[count % pool.length]!;
      const variables = { id: entry.id, base: entry.base, input: input(entry, ++count) };
      return {
        variables,
        settle(body) {
          free.push(entry);
          const result = resultOf(body);
          if (result?.__typename === 'EditResult') {
            entry.base = result.revision.id;
            entry.pair = (entry.pair + 1) % topicPairs.length;
            return true;
          }
          if (result?.currentRevision) entry.base = result.currentRevision.id;
          return false;
        },
      };
    },
    async refresh() {
      // Requests the last slice left in flight still commit after it ends: wait until the heads stop moving.
      for (let seen = ''; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
        await Promise.all(pool.map(head));
        const now = pool.map((e) => e.base).join();
        if (now === seen) break;
        seen = now;
      }
      free = [...pool].reverse();
    },
    async sample() {
      // From the same state each time: the first edit puts it there, the second is the one compared.
      await head(sampleEntry);
      await edit(sampleEntry, { description: 'Synthetic: the state the comparison starts from.', topics: topicPairs[0] });
      return {
        id: sampleEntry.id,
        base: sampleEntry.base,
        input: { description: 'Synthetic: the edit the comparison sends.', topics: topicPairs[1] },
      };
    },
    async finish() {
      await gql(revoke, { id: contributorToken.id }, partnerAdminToken.token);
      await gql(revoke, { id: partnerAdminToken.id }, admin);
    },
  };
  return { name: partnerEditsEventName, document: partnerEditsEvent, variables: {}, raw: '/__bench/raw/update-event', write };
}
