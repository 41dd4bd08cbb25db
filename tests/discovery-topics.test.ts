// The topic page in the API: upcoming events, recent case studies, organisations and methods, through narrower topics, with counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStudy, createEvent, createMethod, createOrganisation, createTopic } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
let fx: Record<string, { id: number; slug: string }>;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await createSeededTestApp();
  const db = t.handle.db;
  const root = await createTopic({ db, label: 'Page root' });
  const mid = await createTopic({ db, broaderId: root.id });
  const leaf = await createTopic({ db, broaderId: mid.id });
  const tagged = await createOrganisation({ db, name: 'Aardvark tagged' });
  const organiser = await createOrganisation({ db, name: 'Beaver organiser' });
  const convener = await createOrganisation({ db, name: 'Coypu convener' });
  const draftWorkOrg = await createOrganisation({ db, name: 'Dormouse only in drafts' });
  const method = await createMethod({ db, name: 'Deliberative walk' });
  const draftMethod = await createMethod({ db, name: 'Hidden method' });
  await db.execute(`INSERT INTO organisation_topics (organisation_id, topic_id) VALUES (${tagged.id}, ${leaf.id})` as never);
  fx = {
    root,
    mid,
    leaf,
    method,
    soon: await createEvent({
      db,
      topics: [leaf],
      organisers: [{ organisation: organiser }],
      methods: [method],
      startsAt: new Date(Date.now() + 2 * day).toISOString(),
    }),
    later: await createEvent({ db, topics: [root], status: 'cancelled', startsAt: new Date(Date.now() + 20 * day).toISOString() }),
    past: await createEvent({ db, topics: [leaf], startsAt: new Date(Date.now() - 20 * day).toISOString() }),
    draftEvent: await createEvent({
      db,
      topics: [leaf],
      publicationState: 'draft',
      organisers: [{ organisation: draftWorkOrg }],
      methods: [draftMethod],
    }),
    older: await createCaseStudy({ db, topics: [mid], title: 'Older case study', createdAt: new Date(Date.now() - 5 * day).toISOString() }),
    newer: await createCaseStudy({
      db,
      topics: [leaf],
      title: 'Newer case study',
      organisations: [{ organisation: convener, role: 'convener' }],
    }),
  };
});
afterAll(() => t.close());

const pageQuery = `query($slug: String!, $narrower: Boolean) { topic(slug: $slug) { label page(includeNarrower: $narrower) {
  upcomingEvents(first: 10) { totalCount nodes { slug status } }
  recentCaseStudies(first: 10) { totalCount nodes { title } }
  organisations(first: 10) { totalCount nodes { name } }
  methods(first: 10) { totalCount nodes { name } } } } }`;

describe('the topic page', () => {
  it('gathers work from narrower topics, several levels down, with counts', async () => {
    const { body, statements } = await t.graphql(pageQuery, { slug: fx.root!.slug });
    expect(body.errors).toBeUndefined();
    const page = body.data.topic.page;
    expect(page.upcomingEvents).toEqual({
      totalCount: 2,
      nodes: [
        { slug: fx.soon!.slug, status: 'SCHEDULED' },
        { slug: fx.later!.slug, status: 'CANCELLED' },
      ],
    });
    expect(page.recentCaseStudies).toEqual({ totalCount: 2, nodes: [{ title: 'Newer case study' }, { title: 'Older case study' }] });
    expect(page.organisations).toEqual({
      totalCount: 3,
      nodes: [{ name: 'Aardvark tagged' }, { name: 'Beaver organiser' }, { name: 'Coypu convener' }],
    });
    expect(page.methods).toEqual({ totalCount: 1, nodes: [{ name: 'Deliberative walk' }] });
    // One statement for the topic and one for each list, its count carried on its rows.
    expect(statements).toBeLessThanOrEqual(5);
  });

  it('narrows to the topic itself on request', async () => {
    const { body } = await t.graphql(pageQuery, { slug: fx.root!.slug, narrower: false });
    const page = body.data.topic.page;
    expect(page.upcomingEvents.nodes.map((n: any) => n.slug)).toEqual([fx.later!.slug]);
    expect(page.recentCaseStudies.totalCount).toBe(0);
    expect(page.organisations.totalCount).toBe(0);
  });

  it('a middle topic sees below it, not above', async () => {
    const { body } = await t.graphql(pageQuery, { slug: fx.mid!.slug });
    expect(body.data.topic.page.upcomingEvents.nodes.map((n: any) => n.slug)).toEqual([fx.soon!.slug]);
    expect(body.data.topic.page.recentCaseStudies.totalCount).toBe(2);
  });

  it('pages through a list with a cursor and keeps the total', async () => {
    const q = `query($slug: String!, $after: String) { topic(slug: $slug) { page { upcomingEvents(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { slug } } } } }`;
    const first = (await t.graphql(q, { slug: fx.root!.slug })).body.data.topic.page.upcomingEvents;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await t.graphql(q, { slug: fx.root!.slug, after: first.pageInfo.endCursor })).body.data.topic.page.upcomingEvents;
    expect([...first.nodes, ...second.nodes].map((n: any) => n.slug)).toEqual([fx.soon!.slug, fx.later!.slug]);
    expect(second.totalCount).toBe(2);
  });

  it('the seeded catalogue: "AI in public services" gathers the dialogues filed under its missions', async () => {
    const { body } = await t.graphql(pageQuery, { slug: 'ai-in-public-services' });
    const page = body.data.topic.page;
    expect(page.recentCaseStudies.nodes.map((n: any) => n.title)).toContain('AI Public Dialogues');
    expect(page.organisations.nodes.map((n: any) => n.name)).toEqual(expect.arrayContaining(['Hopkins Van Mil', 'ai@cam']));
    expect(page.methods.nodes.map((n: any) => n.name)).toContain('Public dialogue');
    // By alias too.
    for (const alias of ['AI for public services', 'ai for PUBLIC services']) {
      const byAlias = await t.graphql(pageQuery, { slug: alias });
      expect(byAlias.body.data.topic?.label ?? null).toBe('AI in public services');
    }
  });
});
