// event_topic_reach, kept by triggers, equals the reach computed from the tags and the tree after every kind of write,
// and the events listings that read it (count and first page) answer as the filter over events does.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upcomingEventsByTopic } from '../bench/operations.ts';
import { rawQueries } from '../bench/raw-routes.ts';
import { events, eventTopics } from '../schema/index.ts';
import { rowsOf } from '../src/db.ts';
import { compileDocument } from '../src/graphql/compiled/compile.ts';
import { runCompiled, statementRunner } from '../src/graphql/compiled/middleware.ts';
import { schema } from '../src/graphql/schema.ts';
import { listingQueries } from '../src/modules/embed/documents.ts';
import { createEvent } from '../seed/factories.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { move, mutate } from './support/editorial-mutations.ts';

let app: TestApp;
let cast: Cast;
type Published = { entryId: string; revisionId: string; slug: string };

/** Created by `author`, submitted, approved by `reviewer`: what the workflow returns last. */
async function publish(kind: 'Event' | 'Topic', author: Record<string, string>, reviewer: Record<string, string>, input: object) {
  const created = await mutate(app, `create${kind}(input: $i)`, `$i: ${kind}Input!`, { i: input }, author);
  expect(created.__typename, JSON.stringify(created)).toBe('EditResult');
  const submitted = await move(app, author, 'submit', created.entryId, created.revision.id);
  const approved = await move(app, reviewer, 'approve', created.entryId, submitted.revision.id);
  expect(approved.publicationState, JSON.stringify(approved)).toBe('PUBLISHED');
  return { entryId: created.entryId, revisionId: approved.revision.id, slug: created.slug } as Published;
}

/** An edit taken through review to the public: update, submit, approve. */
async function republish(
  kind: 'Event' | 'Topic',
  entry: Published,
  author: Record<string, string>,
  reviewer: Record<string, string>,
  input: object,
) {
  const edited = await mutate(
    app,
    `update${kind}(id: $id, baseRevisionId: $base, input: $input)`,
    `$id: ID!, $base: ID, $input: ${kind}Input!`,
    { id: entry.entryId, base: entry.revisionId, input },
    author,
  );
  expect(edited.__typename, JSON.stringify(edited)).toBe('EditResult');
  const submitted = await move(app, author, 'submit', entry.entryId, edited.revision.id);
  const approved = await move(app, reviewer, 'approve', entry.entryId, submitted.revision.id);
  expect(approved.publicationState, JSON.stringify(approved)).toBe('PUBLISHED');
  entry.revisionId = approved.revision.id;
}

/** The kept rows against the plain computation: each published event under its tags' topics and every broader one. */
async function expectReachToBeExact() {
  const db = app.handle.db;
  const kept = await rowsOf<object>(
    db,
    sql`SELECT event_id, topic_id, starts_at::text AS starts_at, ends_at::text AS ends_at
      FROM event_topic_reach ORDER BY event_id, topic_id`,
  );
  const computed = await rowsOf<object>(
    db,
    sql`WITH RECURSIVE up(event_id, topic_id) AS (
        SELECT event_id, topic_id FROM event_topics
        UNION SELECT up.event_id, t.broader_id FROM up JOIN topics t ON t.id = up.topic_id WHERE t.broader_id IS NOT NULL)
      SELECT up.event_id, up.topic_id, e.starts_at::text AS starts_at, coalesce(e.ends_at, e.starts_at)::text AS ends_at
      FROM up JOIN events e ON e.id = up.event_id WHERE e.publication_state = 'published' ORDER BY 1, 2`,
  );
  expect(kept).toEqual(computed);
  return kept.length;
}

const embed = listingQueries.events.document;
const threeCounted = `query($filter: EventFilter, $first: Int) { events(filter: $filter, first: $first) {
  count(upTo: 2) { value exact } totalCount nodes { slug } } }`;

/** The listing through Pothos, the compiled statement giving the same JSON; and through a filter the reach table cannot serve. */
async function listing(document: string, topics: string[], first = 20) {
  const variables = { first, filter: { topics } };
  const pothos = await app.graphql<any>(document, variables);
  expect(pothos.body.errors).toBeUndefined();
  const compiled = compileDocument(schema, document)!;
  expect(JSON.parse((await runCompiled(app.handle, compiled, variables)).body)).toEqual(pothos.body);
  // Every status named: the same events, counted over events as eventFilterSql says.
  const plain = await app.graphql<any>(document, {
    ...variables,
    filter: { topics, statuses: ['SCHEDULED', 'POSTPONED', 'CANCELLED'] },
  });
  expect(plain.body).toEqual(pothos.body);
  return pothos.body.data.events;
}

const slugsOf = (page: { nodes: { slug: string }[] }) => page.nodes.map((n) => n.slug);

let tree: Record<'civic' | 'health' | 'nhs' | 'climate', Published>;

beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
  // Topic changes need an admin of each host.
  const topic = (input: object) => publish('Topic', cast.as.adminA, cast.as.adminB, input);
  const civic = await topic({ slug: 'reach-civic', label: 'Reach civic life' });
  const health = await topic({ slug: 'reach-health', label: 'Reach health', broader: civic.slug, aliases: ['reach-wellbeing'] });
  const nhs = await topic({ slug: 'reach-nhs', label: 'Reach NHS data', broader: health.slug });
  const climate = await topic({ slug: 'reach-climate', label: 'Reach climate' });
  tree = { civic, health, nhs, climate };
});
afterAll(() => app.close());

describe('event_topic_reach', () => {
  it('follows the editorial workflow: publishing, a draft, re-tagging, re-timing, archiving, a topic moved', async () => {
    const event = (slug: string, startsAt: string, topics: string[], endsAt?: string) =>
      publish('Event', cast.as.editorA, cast.as.reviewerB, { slug, title: slug, startsAt, endsAt, format: 'ONLINE', topics });
    const a = await event('reach-a', '2031-03-01T10:00:00Z', [tree.nhs.slug, tree.health.slug]);
    const b = await event('reach-b', '2031-02-01T10:00:00Z', [tree.health.slug], '2031-02-03T10:00:00Z');
    await event('reach-c', '2031-01-01T10:00:00Z', [tree.climate.slug]);
    // A draft reaches nothing.
    await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      { i: { slug: 'reach-draft', title: 'Draft', startsAt: '2031-01-15T10:00:00Z', format: 'ONLINE', topics: [tree.nhs.slug] } },
      cast.as.editorA,
    );
    // a under nhs, health and civic once each, though tagged with two of them; b under health and civic; c under climate.
    expect(await expectReachToBeExact()).toBe(6);
    expect(slugsOf(await listing(embed, [tree.civic.slug]))).toEqual(['reach-b', 'reach-a']);
    expect(await listing(threeCounted, [tree.civic.slug], 3)).toMatchObject({ count: { value: 2, exact: true }, totalCount: 2 });

    // Re-tagged and moved into the past (ended): gone from the upcoming listing, its rows follow.
    await republish('Event', a, cast.as.editorA, cast.as.reviewerB, {
      topics: [tree.climate.slug],
      startsAt: '2020-03-01T10:00:00Z',
      endsAt: '2020-03-02T10:00:00Z',
    });
    expect(await expectReachToBeExact()).toBe(4);
    expect(slugsOf(await listing(embed, [tree.civic.slug]))).toEqual(['reach-b']);
    expect(slugsOf(await listing(embed, [tree.climate.slug]))).toEqual(['reach-c']);

    // Withdrawn from the public: archived, it reaches nothing.
    const archived = await move(app, cast.as.editorA, 'archive', b.entryId, b.revisionId);
    expect(archived.publicationState).toBe('ARCHIVED');
    expect(await expectReachToBeExact()).toBe(2);
    expect(await listing(embed, [tree.civic.slug])).toEqual({ count: { value: 0, exact: true }, nodes: [] });

    // Health (and NHS data beneath it) moved under climate: a new event on NHS data now reaches climate, not civic.
    await event('reach-d', '2031-04-01T10:00:00Z', [tree.nhs.slug]);
    await republish('Topic', tree.health, cast.as.adminA, cast.as.adminB, { broader: tree.climate.slug });
    expect(await expectReachToBeExact()).toBe(5);
    expect(slugsOf(await listing(embed, [tree.climate.slug]))).toEqual(['reach-c', 'reach-d']);
    expect(slugsOf(await listing(embed, [tree.civic.slug]))).toEqual([]);
  });

  it('answers several topics, aliases and unknown names as the filter over events does', async () => {
    const db = app.handle.db;
    const health = (await db.query.topics.findFirst({ where: { slug: tree.health.slug } }))!;
    const nhs = (await db.query.topics.findFirst({ where: { slug: tree.nhs.slug } }))!;
    const climate = (await db.query.topics.findFirst({ where: { slug: tree.climate.slug } }))!;
    // Seeded beside the workflow, as many as a page and its count need; one is tagged twice within one subtree.
    for (let i = 0; i < 4; i++)
      await createEvent({ db, slug: `reach-many-${i}`, startsAt: `2032-0${i + 1}-01T10:00:00Z`, topics: [nhs, health] });
    const day = 24 * 3600 * 1000;
    const [started, ends] = [new Date(Date.now() - 10 * day).toISOString(), new Date(Date.now() + 10 * day).toISOString()];
    await createEvent({ db, slug: 'reach-running', startsAt: started, endsAt: ends, topics: [health] });
    expect(await expectReachToBeExact()).toBeGreaterThan(0);
    // One topic by slug, one by alias, both (an event in both counted once), and a name no topic has.
    for (const topics of [
      [tree.health.slug],
      ['reach-wellbeing'],
      [tree.health.slug, tree.climate.slug],
      [tree.nhs.slug, tree.health.slug],
      ['reach-nowhere'],
    ]) {
      const page = await listing(threeCounted, topics, 3);
      expect(page.count.value, topics.join()).toBe(Math.min(page.totalCount, 2));
      expect(page.count.exact, topics.join()).toBe(page.totalCount <= 2);
      await listing(embed, topics);
    }
    // The bench's raw routes read event_topic_reach too: the same JSON as the API.
    const raw = async (name: 'embed-events' | 'upcoming-events') =>
      JSON.parse(await statementRunner(app.handle)(rawQueries[name], [tree.health.slug]));
    expect(await raw('embed-events')).toEqual((await app.graphql(embed, { first: 20, filter: { topics: [tree.health.slug] } })).body);
    expect(await raw('upcoming-events')).toEqual((await app.graphql(upcomingEventsByTopic, { topic: tree.health.slug })).body);
    // The running event (started days ago, not yet ended) leads its topic's upcoming events.
    expect(slugsOf(await listing(threeCounted, [tree.health.slug], 3))[0]).toBe('reach-running');
    expect(slugsOf(await listing(embed, [tree.health.slug, climate.slug]))).toHaveLength(7);
  });

  it("reads a topic's count and first page from the reach index alone, in the request's one statement", async () => {
    const variables = { first: 20, filter: { topics: [tree.health.slug] } };
    const { statements, body } = await app.graphql<any>(embed, variables);
    // The events the test above made: the running one first, in the one statement.
    expect(body.data.events.nodes[0].slug).toBe('reach-running');
    expect(body.data.events.count).toEqual({ value: body.data.events.nodes.length, exact: true });
    expect(statements).toBe(1);
    // The plan's shape, not the planner's cost guesses over a handful of rows: with scans of whole tables ruled out,
    // both the count and the page are ranges of the (topic, starts_at) index, and no tag is read.
    const { statement } = compileDocument(schema, embed)!.render(variables);
    const plan = await app.handle.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      return (await rowsOf<Record<string, string>>(tx, sql`EXPLAIN ${statement}`)).map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan.match(/Index Only Scan using event_topic_reach_topic_starts_idx/g)?.length).toBeGreaterThanOrEqual(2);
    expect(plan).not.toMatch(/event_topics/);
  });

  it('follows writes no reader can make through the API: tags and events deleted, the tables emptied', async () => {
    // Sync, restore and the benchmark's generator write these tables directly; the triggers, not the workflow, keep
    // the rows, so this test writes as those writers do.
    const db = app.handle.db;
    const [one] = await db.select({ id: events.id }).from(events).where(eq(events.slug, 'reach-many-0'));
    await db.delete(eventTopics).where(eq(eventTopics.eventId, one!.id));
    await expectReachToBeExact();
    await db.update(events).set({ startsAt: '2033-01-01T10:00:00Z' }).where(eq(events.slug, 'reach-many-1'));
    await expectReachToBeExact();
    await db.delete(events).where(eq(events.slug, 'reach-many-2'));
    await expectReachToBeExact();
    // The benchmark's generator empties the catalogue with TRUNCATE, which fires no DELETE trigger.
    await db.execute(sql`TRUNCATE event_topics`);
    expect(await expectReachToBeExact()).toBe(0);
  });
});
