// Anonymous callers see published entries only, wherever an entry can be reached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStudy, createEvent, createMethod, createOrganisation, createTopic } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { globalId, postGraphQL } from './support/graphql.ts';

let t: TestApp;
let ids: Record<string, any>;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.handle.db;
  const topic = await createTopic({ db, slug: 'secure-topic' });
  const publicOrg = await createOrganisation({ db, name: 'Public Org', slug: 'public-org' });
  const draftOrg = await createOrganisation({
    db,
    name: 'Draft Org',
    slug: 'draft-org',
    publicationState: 'draft',
    parentId: publicOrg.id,
  });
  const method = await createMethod({ db, slug: 'secure-method' });
  const draftCase = await createCaseStudy({
    db,
    title: 'Draft case',
    slug: 'draft-case',
    publicationState: 'submitted',
    topics: [topic],
    methods: [method],
    organisations: [{ organisation: publicOrg, role: 'convener' }],
  });
  const publicCase = await createCaseStudy({
    db,
    title: 'Public case',
    slug: 'public-case',
    topics: [topic],
    methods: [method],
    organisations: [
      { organisation: publicOrg, role: 'convener' },
      { organisation: draftOrg, role: 'funder' },
    ],
  });
  await createEvent({
    db,
    title: 'Archived event',
    slug: 'archived-event',
    publicationState: 'archived',
    organisers: [{ organisation: publicOrg }],
    topics: [topic],
  });
  ids = { topic, publicOrg, draftOrg, method, draftCase, publicCase };
});
afterAll(() => t.close());

describe('anonymous reads', () => {
  it('hide unpublished entries from lists and counts', async () => {
    const { body } = await t.graphql(`{
      organisations(first: 100) { totalCount nodes { slug } }
      caseStudies(first: 100, filter: { topics: ["secure-topic"] }) { totalCount nodes { slug } }
      events(filter: { topics: ["secure-topic"] }) { totalCount } }`);
    const orgs = body.data.organisations.nodes.map((n: any) => n.slug);
    expect(orgs).toContain('public-org');
    expect(orgs).not.toContain('draft-org');
    expect(body.data.organisations.totalCount).toBe(orgs.length);
    expect(body.data.caseStudies).toEqual({ totalCount: 1, nodes: [{ slug: 'public-case' }] });
    expect(body.data.events.totalCount).toBe(0);
  });

  it('give null for an unpublished entry by slug or by global ID', async () => {
    const { body } = await t.graphql(
      `query($a: ID!, $b: ID!) {
      organisation(slug: "draft-org") { name } caseStudy(slug: "draft-case") { title } event(slug: "archived-event") { title }
      node(id: $a) { id } nodes(ids: [$a, $b]) { id } }`,
      { a: globalId('Organisation', ids.draftOrg.id), b: globalId('Organisation', ids.publicOrg.id) },
    );
    expect(body.data.organisation).toBeNull();
    expect(body.data.caseStudy).toBeNull();
    expect(body.data.event).toBeNull();
    expect(body.data.node).toBeNull();
    expect(body.data.nodes).toEqual([null, { id: globalId('Organisation', ids.publicOrg.id) }]);
  });

  it('hide unpublished entries behind every relation, with matching counts', async () => {
    const { body } = await t.graphql(`{
      organisation(slug: "public-org") { children { totalCount nodes { slug } } caseStudies { totalCount nodes { slug } } events { totalCount } }
      method(slug: "secure-method") { caseStudies { totalCount nodes { slug } } }
      topic(slug: "secure-topic") { caseStudies { totalCount } events { totalCount } }
      caseStudy(slug: "public-case") { organisations { totalCount edges { role node { slug } } } } }`);
    const d = body.data;
    expect(d.organisation.children).toEqual({ totalCount: 0, nodes: [] });
    expect(d.organisation.caseStudies).toEqual({ totalCount: 1, nodes: [{ slug: 'public-case' }] });
    expect(d.organisation.events.totalCount).toBe(0);
    expect(d.method.caseStudies).toEqual({ totalCount: 1, nodes: [{ slug: 'public-case' }] });
    expect(d.topic.caseStudies.totalCount).toBe(1);
    expect(d.topic.events.totalCount).toBe(0);
    expect(d.caseStudy.organisations).toEqual({ totalCount: 1, edges: [{ role: 'CONVENER', node: { slug: 'public-org' } }] });
  });

  it('refuse a token that cannot be verified with 401, never serving it as anonymous', async () => {
    for (const authorization of ['Bearer edir_not_a_real_token', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await postGraphQL(t.app, { query: '{ organisations { totalCount } }' }, { authorization });
      expect(res.status).toBe(401);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
  });
});
