// The organisations listing's topic facet counts what its topic filter lists: organisations tagged with a topic, or
// organising a published event or taking part in a published case study tagged with it (organisation_topic_reach).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic } from '../seed/factories.ts';
import { rowsOf } from '../src/db.ts';
import { facets, matchingIds } from '../src/modules/directory/facets.ts';
import { countFacets, type FacetValue } from '../src/modules/directory/load.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { move, mutate, publishOrg } from './support/editorial-mutations.ts';

/** How many published organisations the API lists for the topic, as a reader following the facet's link would see. */
async function listed(app: TestApp, slug: string): Promise<number> {
  const { body } = await app.graphql<any>('query($t: [String!]) { organisations(filter: { topics: $t }) { totalCount } }', { t: [slug] });
  expect(body.errors).toBeUndefined();
  return body.data.organisations.totalCount;
}

/**
 * Every topic's count on the page, unfiltered (the kept counts) and counted live under a filter that keeps every
 * organisation, against what the filter lists; and every topic the filter lists something for is offered.
 */
async function expectFacetToMatchFilter(app: TestApp) {
  const kept = (await countFacets(app.handle.db, 'organisations', {}, null)).topic!;
  const topicFacet = facets.organisations.find((f) => f.param === 'topic')!;
  const live = await rowsOf<FacetValue>(app.handle.db, topicFacet.counts(matchingIds('organisations', { kinds: [] }, null), {}));
  const byValue = (values: FacetValue[]) => Object.fromEntries(values.map((v) => [v.value, v.count]));
  expect(byValue(live)).toEqual(byValue(kept));
  const published = await rowsOf<{ slug: string }>(app.handle.db, sql`SELECT slug FROM topics WHERE publication_state = 'published'`);
  const expected: Record<string, number> = {};
  for (const { slug } of published) {
    const n = await listed(app, slug);
    if (n > 0) expected[slug] = n;
  }
  expect(byValue(kept)).toEqual(expected);
  return byValue(kept);
}

describe('the organisations topic facet on the starter catalogue', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createSeededTestApp();
  });
  afterAll(() => app.close());

  it('counts the organisations its filter lists, those working on a topic included', async () => {
    const counts = await expectFacetToMatchFilter(app);
    // The seeds tag few organisations; the rest are on topics through the dialogue they convened or delivered, so
    // some topic counts more organisations than are tagged within its subtree (a count of tags alone said 3 for 11).
    const tagged = await rowsOf<{ slug: string; n: number }>(
      app.handle.db,
      sql`WITH RECURSIVE up(organisation_id, topic_id) AS (
          SELECT x.organisation_id, x.topic_id FROM organisation_topics x
            JOIN organisations o ON o.id = x.organisation_id AND o.publication_state = 'published'
          UNION SELECT up.organisation_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
        SELECT t.slug, count(DISTINCT up.organisation_id)::int AS n FROM up JOIN topics t ON t.id = up.topic_id GROUP BY t.slug`,
    );
    const taggedOf = (slug: string) => tagged.find((t) => t.slug === slug)?.n ?? 0;
    expect(Object.entries(counts).some(([slug, n]) => n > taggedOf(slug))).toBe(true);
  });
});

describe('the organisations topic facet as work is published and withdrawn', () => {
  let app: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    ({ app, cast } = await createEditorialApp());
  });
  afterAll(() => app.close());

  it('follows an event and a case study through the workflow', async () => {
    // Topics need two hosts' admins through the workflow; these tests are about organisations, so the topics are seeded.
    const db = app.handle.db;
    const civic = await createTopic({ db, label: 'Reach civic' });
    const health = await createTopic({ db, label: 'Reach health', broaderId: civic.id });
    const org = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, {
      slug: 'reach-fenwick',
      name: 'Fenwick Forum',
      kind: 'CHARITY',
    });
    expect(org.published.publicationState).toBe('PUBLISHED');
    expect((await expectFacetToMatchFilter(app))[health.slug]).toBeUndefined();

    // A draft event organised by it puts it on no topic.
    const event = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      {
        i: {
          slug: 'reach-event',
          title: 'A reached event',
          startsAt: '2031-01-01T10:00:00Z',
          format: 'ONLINE',
          topics: [health.slug],
          organisers: [{ organisation: 'reach-fenwick', role: 'ORGANISER' }],
        },
      },
      cast.as.editorA,
    );
    expect((await expectFacetToMatchFilter(app))[health.slug]).toBeUndefined();
    // Published: on the topic and the broader one.
    const submitted = await move(app, cast.as.editorA, 'submit', event.entryId, event.revision.id);
    const approved = await move(app, cast.as.reviewerB, 'approve', event.entryId, submitted.revision.id);
    let counts = await expectFacetToMatchFilter(app);
    expect(counts[health.slug]).toBe(1);
    expect(counts[civic.slug]).toBe(1);

    // A published case study it takes part in, on the same topic: still counted once.
    const study = await mutate(
      app,
      'createCaseStudy(input: $i)',
      '$i: CaseStudyInput!',
      {
        i: {
          slug: 'reach-study',
          title: 'A reached study',
          topics: [health.slug],
          organisations: [{ organisation: 'reach-fenwick', role: 'CONVENER' }],
        },
      },
      cast.as.editorA,
    );
    const studySubmitted = await move(app, cast.as.editorA, 'submit', study.entryId, study.revision.id);
    const studyApproved = await move(app, cast.as.reviewerB, 'approve', study.entryId, studySubmitted.revision.id);
    expect(studyApproved.publicationState).toBe('PUBLISHED');
    expect((await expectFacetToMatchFilter(app))[health.slug]).toBe(1);

    // The event withdrawn: the case study still puts it on the topic; then the case study withdrawn too.
    expect((await move(app, cast.as.editorA, 'archive', event.entryId, approved.revision.id)).publicationState).toBe('ARCHIVED');
    expect((await expectFacetToMatchFilter(app))[health.slug]).toBe(1);
    await move(app, cast.as.editorA, 'archive', study.entryId, studyApproved.revision.id);
    counts = await expectFacetToMatchFilter(app);
    expect(counts[health.slug]).toBeUndefined();
    expect(counts[civic.slug]).toBeUndefined();
  });
});
