// The read API over a seeded and a generated catalogue: queries, filters, relations both ways, pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStudy, createEvent, createMethod, createOrganisation, createPlace, createTopic } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createSeededTestApp();
});
afterAll(() => t.close());

describe('the seeded catalogue', () => {
  it('answers the README query: organisations with their case studies', async () => {
    const { status, body } = await t.graphql(`{ organisations(first: 50) { totalCount nodes { name caseStudies { nodes { title } } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const orgs = body.data.organisations;
    expect(orgs.totalCount).toBe(orgs.nodes.length);
    const hvm = orgs.nodes.find((o: any) => o.name === 'Hopkins Van Mil');
    expect(hvm.caseStudies.nodes.map((c: any) => c.title)).toEqual(['AI Public Dialogues']);
  });

  it('shows the AI Public Dialogues with roles, places, findings and links', async () => {
    const { body } = await t.graphql(`{ caseStudy(slug: "ai-public-dialogues") {
      title participantCount startDate startDatePrecision findings links { url kind }
      places { name region }
      organisations { totalCount edges { role node { name parent { name } } } } } }`);
    const cs = body.data.caseStudy;
    expect(cs.participantCount).toBe(40);
    expect(cs.startDate).toBe('2024-09-01');
    expect(cs.startDatePrecision).toBe('MONTH');
    expect(cs.findings).toHaveLength(4);
    expect(cs.links).toContainEqual({ url: 'https://youtu.be/rzL_IW_knWI', kind: 'VIDEO' });
    expect(cs.places.map((p: any) => p.name).sort()).toEqual(['Cambridge', 'Liverpool']);
    const roles = Object.fromEntries(cs.organisations.edges.map((e: any) => [e.node.name, e.role]));
    expect(roles['Hopkins Van Mil']).toBe('DELIVERY_PARTNER');
    expect(roles['ai@cam']).toBe('CONVENER');
    expect(cs.organisations.edges.find((e: any) => e.node.name === 'ai@cam').node.parent.name).toBe('University of Cambridge');
  });

  it('has no upcoming events (every seeded meeting is past) but lists them for PAST', async () => {
    const upcoming = await t.graphql(`{ events { totalCount } }`);
    expect(upcoming.body.data.events.totalCount).toBe(0);
    const past = await t.graphql(`{ events(filter: { timeframe: PAST }) { totalCount nodes { title datePrecision startsAt } } }`);
    expect(past.body.data.events.totalCount).toBeGreaterThanOrEqual(3);
    const starts = past.body.data.events.nodes.map((e: any) => e.startsAt);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(past.body.data.events.nodes.every((e: any) => e.datePrecision === 'MONTH')).toBe(true);
  });
});

describe('nested selections', () => {
  it('resolve a four-level query, with counts, in one SQL statement', async () => {
    const { body, statements } = await t.graphql(`{ organisations(first: 20) { totalCount nodes {
      name parent { name } caseStudies(first: 5) { totalCount edges { role node {
        title methods(first: 5) { totalCount nodes { name caseStudies(first: 5) { totalCount nodes { title topics(first: 3) { nodes { label } } } } } } } } } } } }`);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data.organisations.nodes.length).toBeGreaterThan(0);
    expect(statements).toBe(1);
  });

  it('navigates every relation both ways in one statement', async () => {
    const { body, statements } = await t.graphql(`{ method(slug: "public-dialogue") {
      name caseStudies { nodes { title organisations { edges { role node { name events { nodes { title } } caseStudies { nodes { title } } } } } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.method.caseStudies.nodes[0].title).toBe('AI Public Dialogues');
    expect(statements).toBe(1);
  });
});

describe('filters', () => {
  let ids: Record<string, any>;
  beforeAll(async () => {
    const db = t.handle.db;
    const root = await createTopic({ db, slug: 'filter-root', label: 'Filter root' });
    const mid = await createTopic({ db, slug: 'filter-mid', label: 'Filter mid', broaderId: root.id });
    const leaf = await createTopic({ db, slug: 'filter-leaf', label: 'Filter leaf', broaderId: mid.id, aliases: ['leafy'] });
    const place = await createPlace({ db, region: 'Filter Region' });
    const org = await createOrganisation({ db, kind: 'charity', region: 'Filter Region', name: 'Filter Charity' });
    const method = await createMethod({ db, name: "Filter citizens' jury", participediaType: 'deliberative_and_dialogic_process' });
    const leafCase = await createCaseStudy({
      db,
      title: 'Leaf case',
      iap2Level: 'involve',
      format: 'online',
      evaluated: true,
      topics: [leaf],
      places: [place],
      methods: [method],
      organisations: [{ organisation: org, role: 'funder' }],
    });
    const rootCase = await createCaseStudy({ db, title: 'Root case', topics: [root], iap2Level: 'consult' });
    await createCaseStudy({ db, title: 'Hidden draft case', topics: [leaf], publicationState: 'draft' });
    ids = { root, mid, leaf, place, org, method, leafCase, rootCase };
  });

  const titles = async (filter: string) => {
    const { body } = await t.graphql(`{ caseStudies(first: 100, filter: ${filter}) { totalCount nodes { title } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.caseStudies.totalCount).toBe(body.data.caseStudies.nodes.length);
    return body.data.caseStudies.nodes.map((n: any) => n.title).sort();
  };

  it('includes narrower topics at every depth, and accepts aliases', async () => {
    expect(await titles(`{ topics: ["filter-root"] }`)).toEqual(['Leaf case', 'Root case']);
    expect(await titles(`{ topics: ["filter-mid"] }`)).toEqual(['Leaf case']);
    expect(await titles(`{ topics: ["leafy"] }`)).toEqual(['Leaf case']);
    expect(await titles(`{ topics: ["no-such-topic"] }`)).toEqual([]);
  });

  it('filters case studies by organisation and role, method, region, place and facets', async () => {
    expect(await titles(`{ organisation: "${ids.org.slug}" }`)).toEqual(['Leaf case']);
    expect(await titles(`{ organisation: "${ids.org.slug}", role: FUNDER }`)).toEqual(['Leaf case']);
    expect(await titles(`{ organisation: "${ids.org.slug}", role: CONVENER }`)).toEqual([]);
    expect(await titles(`{ method: "${ids.method.slug}" }`)).toEqual(['Leaf case']);
    expect(await titles(`{ region: "filter region" }`)).toEqual(['Leaf case']);
    expect(await titles(`{ place: "${ids.place.slug}" }`)).toEqual(['Leaf case']);
    expect(await titles(`{ topics: ["filter-root"], iap2Levels: [CONSULT] }`)).toEqual(['Root case']);
    expect(await titles(`{ topics: ["filter-root"], formats: [ONLINE], evaluated: true }`)).toEqual(['Leaf case']);
    expect(await titles(`{ topics: ["filter-root"], evaluated: false }`)).toEqual(['Root case']);
  });

  it('filters organisations by kind, region, topic and parent', async () => {
    const { body } = await t.graphql(`{ organisations(filter: { kinds: [CHARITY], region: "Filter Region" }) { nodes { name } } }`);
    expect(body.data.organisations.nodes.map((n: any) => n.name)).toEqual(['Filter Charity']);
    const parent = await t.graphql(`{ organisations(filter: { parent: "university-of-cambridge" }) { nodes { name } } }`);
    expect(parent.body.data.organisations.nodes.map((n: any) => n.name)).toContain('ai@cam');
  });

  it('searches with ranking and tolerates typos', async () => {
    const { body } = await t.graphql(`{ organisations(search: "Lovelance") { nodes { name } } }`);
    expect(body.data.organisations.nodes[0].name).toBe('Ada Lovelace Institute');
    const cs = await t.graphql(`{ caseStudies(search: "public dialogue") { nodes { title } } }`);
    expect(cs.body.data.caseStudies.nodes[0].title).toBe('AI Public Dialogues');
    const accents = await t.graphql(`{ organisations(search: "Lovélace") { nodes { name } } }`);
    expect(accents.body.data.organisations.nodes[0].name).toBe('Ada Lovelace Institute');
  });

  it('filters events by topic subtree, window, format, organiser and status', async () => {
    const db = t.handle.db;
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await createEvent({
      db,
      title: 'Leaf webinar',
      startsAt: soon,
      topics: [ids.leaf],
      organisers: [{ organisation: ids.org }],
      format: 'online',
    });
    await createEvent({
      db,
      title: 'Root meetup',
      startsAt: later,
      topics: [ids.root],
      format: 'in_person',
      place: ids.place,
      status: 'cancelled',
    });
    const ev = async (filter: string) => {
      const { body } = await t.graphql(`{ events(filter: ${filter}) { nodes { title status } } }`);
      expect(body.errors).toBeUndefined();
      return body.data.events.nodes.map((n: any) => n.title);
    };
    expect(await ev(`{ topics: ["filter-root"] }`)).toEqual(['Leaf webinar', 'Root meetup']);
    expect(await ev(`{ topics: ["filter-root"], formats: [IN_PERSON] }`)).toEqual(['Root meetup']);
    expect(await ev(`{ topics: ["filter-root"], statuses: [CANCELLED] }`)).toEqual(['Root meetup']);
    expect(await ev(`{ organiser: "${ids.org.slug}" }`)).toEqual(['Leaf webinar']);
    expect(await ev(`{ region: "Filter Region" }`)).toEqual(['Root meetup']);
    expect(await ev(`{ topics: ["filter-root"], from: "${soon}", to: "${new Date(Date.now() + 2 * 86_400_000).toISOString()}" }`)).toEqual([
      'Leaf webinar',
    ]);
  });
});

describe('pagination', () => {
  it('visits every entry exactly once forwards and backwards, with stable totals', async () => {
    const db = t.handle.db;
    // Same name for all: the id tie-breaker must keep positions distinct.
    for (let i = 0; i < 7; i++) await createOrganisation({ db, name: 'Same Name Org' });
    const all = await t.graphql(`{ organisations(first: 100, filter: { kinds: [OTHER] }) { nodes { id } } }`);
    const expected = all.body.data.organisations.nodes.map((n: any) => n.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { body }: { body: any } = await t.graphql(
        `query($after: String) { organisations(first: 3, after: $after, filter: { kinds: [OTHER] }) {
        totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`,
        { after },
      );
      expect(body.data.organisations.totalCount).toBe(expected.length);
      seen.push(...body.data.organisations.nodes.map((n: any) => n.id));
      after = body.data.organisations.pageInfo.endCursor;
      if (!body.data.organisations.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(expected);
    const back = await t.graphql(
      `query($before: String) { organisations(last: 2, before: $before, filter: { kinds: [OTHER] }) {
      pageInfo { hasPreviousPage } nodes { id } } }`,
      { before: after },
    );
    expect(back.body.data.organisations.nodes.map((n: any) => n.id)).toEqual(expected.slice(-3, -1));
    expect(back.body.data.organisations.pageInfo.hasPreviousPage).toBe(true);
  });

  it('gives totalCount past the last page', async () => {
    const first = await t.graphql(`{ methods(first: 100) { totalCount pageInfo { endCursor } } }`);
    const { body } = await t.graphql(`query($a: String) { methods(first: 5, after: $a) { totalCount nodes { name } } }`, {
      a: first.body.data.methods.pageInfo.endCursor,
    });
    expect(body.data.methods.nodes).toEqual([]);
    expect(body.data.methods.totalCount).toBe(first.body.data.methods.totalCount);
  });
});

describe('lookups', () => {
  it('finds entries by slug and by global ID, and gives null for unknown ones', async () => {
    const { body } = await t.graphql(
      `{ organisation(slug: "hopkins-van-mil") { id name } missing: organisation(slug: "nope") { id } topic(slug: "health") { label broader { label } } }`,
    );
    expect(body.data.organisation.name).toBe('Hopkins Van Mil');
    expect(body.data.missing).toBeNull();
    expect(body.data.topic.broader).not.toBeNull();
    const id = body.data.organisation.id;
    const node = await t.graphql(`query($id: ID!) { node(id: $id) { __typename ... on Organisation { name } } nodes(ids: [$id]) { id } }`, {
      id,
    });
    expect(node.body.data.node).toEqual({ __typename: 'Organisation', name: 'Hopkins Van Mil' });
    expect(node.body.data.nodes).toEqual([{ id }]);
  });
});
