// The events query: topic subtrees, each filter alone and combined, local times across DST, hostile input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createEventSeries, createMethod, createOrganisation, createPlace, createTopic } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
const day = 24 * 60 * 60 * 1000;
const inDays = (n: number) => new Date(Date.now() + n * day).toISOString();

// A four-level topic tree: root > mid > leaf > twig; `other` sits apart.
let tree: Record<'root' | 'mid' | 'leaf' | 'twig' | 'other', { id: number; slug: string }>;
let ev: Record<string, { id: number; slug: string }>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.handle.db;
  const root = await createTopic({ db, label: 'Discovery root' });
  const mid = await createTopic({ db, broaderId: root.id, aliases: ['Middle Ground'] });
  const leaf = await createTopic({ db, broaderId: mid.id });
  const twig = await createTopic({ db, broaderId: leaf.id });
  const other = await createTopic({ db });
  tree = { root, mid, leaf, twig, other };

  const north = await createPlace({ db, region: 'North West' });
  const east = await createPlace({ db, region: 'East of England' });
  const org = await createOrganisation({ db });
  const otherOrg = await createOrganisation({ db });
  const series = await createEventSeries({ db, organisation: org });
  const method = await createMethod({ db });

  ev = {
    twig: await createEvent({
      db,
      topics: [twig],
      format: 'in_person',
      place: north,
      organisers: [{ organisation: org }],
      startsAt: inDays(3),
    }),
    root: await createEvent({ db, topics: [root], format: 'online', startsAt: inDays(5), series, methods: [method] }),
    other: await createEvent({
      db,
      topics: [other],
      format: 'hybrid',
      place: east,
      organisers: [{ organisation: otherOrg }],
      startsAt: inDays(7),
    }),
    cancelled: await createEvent({
      db,
      topics: [leaf],
      status: 'cancelled',
      startsAt: inDays(9),
      series,
      title: 'Cancelled briefing on synthetic data',
    }),
    postponed: await createEvent({ db, topics: [mid], status: 'postponed', startsAt: inDays(11), place: north }),
    past: await createEvent({ db, topics: [twig], startsAt: inDays(-30), endsAt: inDays(-30) }),
    // Began yesterday, ends tomorrow: still upcoming, because it has not ended.
    running: await createEvent({ db, topics: [other], startsAt: inDays(-1), endsAt: inDays(1) }),
    draft: await createEvent({ db, topics: [twig], publicationState: 'draft', startsAt: inDays(4) }),
    london: await createEvent({ db, startsAt: '2026-03-29T09:00:00Z', timeZone: 'Europe/London' }),
    londonBefore: await createEvent({ db, startsAt: '2026-03-28T09:00:00Z', endsAt: '2026-03-28T10:30:00Z', timeZone: 'Europe/London' }),
    newYork: await createEvent({ db, startsAt: '2026-03-09T14:00:00Z', timeZone: 'America/New_York' }),
  };
});
afterAll(() => t.close());

const listQuery = `query($filter: EventFilter, $search: String, $orderBy: EventOrder, $first: Int) {
  events(first: $first, filter: $filter, search: $search, orderBy: $orderBy) {
    totalCount nodes { slug status format startsAtLocal endsAtLocal timeZone } } }`;

async function slugs(filter: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  const { status, body } = await t.graphql(listQuery, { filter, first: 100, ...extra });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  const nodes = body.data.events.nodes as { slug: string }[];
  expect(body.data.events.totalCount).toBe(nodes.length);
  return nodes.map((n) => n.slug);
}

const names = (...keys: string[]) => keys.map((k) => ev[k]!.slug);
const mine = (found: string[]) =>
  Object.keys(ev)
    .filter((k) => found.includes(ev[k]!.slug))
    .sort();

describe('topics include their narrower topics', () => {
  it('through several levels', async () => {
    expect(mine(await slugs({ topics: [tree.root.slug] }))).toEqual(['cancelled', 'postponed', 'root', 'twig']);
    expect(mine(await slugs({ topics: [tree.mid.slug] }))).toEqual(['cancelled', 'postponed', 'twig']);
    expect(mine(await slugs({ topics: [tree.leaf.slug] }))).toEqual(['cancelled', 'twig']);
    expect(mine(await slugs({ topics: [tree.twig.slug] }))).toEqual(['twig']);
  });

  it('by alias, whatever its case, and for several topics at once', async () => {
    expect(mine(await slugs({ topics: ['middle ground'] }))).toEqual(['cancelled', 'postponed', 'twig']);
    expect(mine(await slugs({ topics: [tree.twig.slug, tree.other.slug] }))).toEqual(['other', 'running', 'twig']);
  });

  it('an unknown topic finds nothing rather than everything', async () => {
    expect(await slugs({ topics: ['no-such-topic'] })).toEqual([]);
  });
});

describe('each filter alone', () => {
  it('upcoming by default, ordered by start, with cancelled and postponed kept and marked', async () => {
    const found = await slugs(null);
    expect(mine(found)).toEqual(['cancelled', 'other', 'postponed', 'root', 'running', 'twig']);
    expect(found.indexOf(ev.running!.slug)).toBeLessThan(found.indexOf(ev.twig!.slug));
    expect(found.indexOf(ev.twig!.slug)).toBeLessThan(found.indexOf(ev.postponed!.slug));
    const { body } = await t.graphql(listQuery, { filter: { topics: [tree.leaf.slug] }, first: 10 });
    expect(body.data.events.nodes.find((n: any) => n.slug === ev.cancelled!.slug).status).toBe('CANCELLED');
  });

  it('past events, most recent first', async () => {
    const found = await slugs({ timeframe: 'PAST' });
    expect(mine(found)).toEqual(['london', 'londonBefore', 'newYork', 'past']);
    expect(found.indexOf(ev.london!.slug)).toBeLessThan(found.indexOf(ev.londonBefore!.slug));
  });

  it('a date window', async () => {
    expect(mine(await slugs({ from: inDays(4), to: inDays(8) }))).toEqual(['other', 'root']);
    // An event still running at `from` is inside the window.
    expect(mine(await slugs({ from: inDays(0), to: inDays(2) }))).toEqual(['running']);
  });

  it('format', async () => {
    expect(mine(await slugs({ formats: ['HYBRID'] }))).toEqual(['other']);
    expect(mine(await slugs({ formats: ['IN_PERSON', 'HYBRID'] }))).toEqual(['other', 'twig']);
  });

  it('region (any case) and place', async () => {
    expect(mine(await slugs({ region: 'north west' }))).toEqual(['postponed', 'twig']);
    const { body } = await t.graphql(`{ event(slug: "${ev.other!.slug}") { place { slug } } }`);
    expect(mine(await slugs({ place: body.data.event.place.slug }))).toEqual(['other']);
  });

  it('organiser, series and method', async () => {
    const { body } = await t.graphql(
      `{ event(slug: "${ev.root!.slug}") { series { slug organisation { slug } } methods { nodes { slug } } } }`,
    );
    const series = body.data.event.series;
    expect(mine(await slugs({ organiser: series.organisation.slug }))).toEqual(['twig']);
    expect(mine(await slugs({ series: series.slug }))).toEqual(['cancelled', 'root']);
    expect(mine(await slugs({ method: body.data.event.methods.nodes[0].slug }))).toEqual(['root']);
  });

  it('status', async () => {
    expect(mine(await slugs({ statuses: ['CANCELLED', 'POSTPONED'] }))).toEqual(['cancelled', 'postponed']);
  });

  it('free-text search, accent-insensitive and tolerant of a typo in the title', async () => {
    expect(mine(await slugs(null, { search: 'synthetic data' }))).toEqual(['cancelled']);
    expect(mine(await slugs(null, { search: 'sýnthétic' }))).toEqual(['cancelled']);
    expect(mine(await slugs(null, { search: 'Cancelled briefng' }))).toEqual(['cancelled']);
  });
});

describe('filters combined', () => {
  it('narrow each other', async () => {
    expect(mine(await slugs({ topics: [tree.root.slug], region: 'North West' }))).toEqual(['postponed', 'twig']);
    expect(mine(await slugs({ topics: [tree.root.slug], region: 'North West', statuses: ['SCHEDULED'] }))).toEqual(['twig']);
    expect(mine(await slugs({ topics: [tree.root.slug], formats: ['ONLINE'], from: inDays(4), to: inDays(10) }))).toEqual([
      'cancelled',
      'root',
    ]);
    expect(mine(await slugs({ topics: [tree.mid.slug], formats: ['ONLINE'] }, { search: 'synthetic' }))).toEqual(['cancelled']);
    expect(mine(await slugs({ topics: [tree.other.slug], formats: ['IN_PERSON'] }))).toEqual([]);
  });

  it('never shows drafts to the public', async () => {
    expect(await slugs({ timeframe: 'ALL' })).not.toContain(ev.draft!.slug);
  });
});

describe('local time across the clocks changing', () => {
  it('shows an event in Europe/London in BST after the change and GMT before it', async () => {
    const found = await t.graphql(listQuery, { filter: { from: '2026-03-28T00:00:00Z', to: '2026-03-30T00:00:00Z' }, first: 10 });
    const byslug = Object.fromEntries(found.body.data.events.nodes.map((n: any) => [n.slug, n]));
    expect(byslug[ev.london!.slug].startsAtLocal).toBe('2026-03-29T10:00:00+01:00');
    expect(byslug[ev.londonBefore!.slug].startsAtLocal).toBe('2026-03-28T09:00:00+00:00');
    expect(byslug[ev.londonBefore!.slug].endsAtLocal).toBe('2026-03-28T10:30:00+00:00');
  });

  it('shows an event in America/New_York in EDT the day after its change', async () => {
    const { body } = await t.graphql(`{ event(slug: "${ev.newYork!.slug}") { startsAt startsAtLocal timeZone } }`);
    expect(body.data.event).toEqual({
      startsAt: '2026-03-09T14:00:00.000Z',
      startsAtLocal: '2026-03-09T10:00:00-04:00',
      timeZone: 'America/New_York',
    });
  });

  it('a window given with an offset is the same instant as in UTC', async () => {
    expect(names('london')).toEqual(await slugs({ from: '2026-03-29T10:00:00+01:00', to: '2026-03-29T10:00:01+01:00' }));
  });
});

describe('hostile input gets a clear error, never a 500', () => {
  const expectInvalid = async (variables: Record<string, unknown>, mention: RegExp) => {
    const { status, body } = await t.graphql(listQuery, { first: 10, ...variables });
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toMatch(/INVALID_INPUT|BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    expect(body.errors?.[0]?.message).toMatch(mention);
    expect(JSON.stringify(body)).not.toMatch(/select|postgres|stack/i);
  };

  it('bad dates and a reversed window', async () => {
    await expectInvalid({ filter: { from: '2026-02-30T00:00:00Z' } }, /DateTime/);
    await expectInvalid({ filter: { from: 'yesterday' } }, /DateTime/);
    await expectInvalid({ filter: { from: '2026-05-01T00:00:00Z', to: '2026-04-01T00:00:00Z' } }, /filter\.to/);
  });

  it('very long, control-character and SQL-ish values', async () => {
    await expectInvalid({ search: 'x'.repeat(5000) }, /search.*200/);
    await expectInvalid({ filter: { topics: ['a'.repeat(1000)] } }, /filter\.topics/);
    await expectInvalid({ filter: { organiser: 'bad\u0000slug' } }, /filter\.organiser.*control/);
    expect(await slugs({ topics: ["x' OR 1=1 --"] })).toEqual([]);
    expect(await slugs({ region: "'; DROP TABLE events; --" })).toEqual([]);
    expect(await slugs(null, { search: "') OR 1=1; --" })).toEqual([]);
    expect(await slugs(null, { search: '!!! & | <-> :* (' })).toEqual([]);
    expect(mine(await slugs(null, { search: 'synthetic\u0000data' }))).toEqual(['cancelled']);
    expect(await slugs(null, { search: '🦄 データ ☃' })).toEqual([]);
  });

  it('a slug with a control character is refused, not sent to the database', async () => {
    for (const field of ['event', 'eventSeries', 'topic']) {
      const { body } = await t.graphql(`query($s: String!) { ${field}(slug: $s) { slug } }`, { s: 'a\u0000b' });
      expect(body.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/slug: must not contain control characters/);
    }
  });

  it('an enum value that does not exist', async () => {
    const { status, body } = await t.graphql(listQuery, { first: 10, filter: { formats: ['TELEPATHY'] } });
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.message).toMatch(/"TELEPATHY" does not exist in "EngagementFormat"/);
  });
});

describe('long events', () => {
  it('an event that began months ago and has not ended is still upcoming; none may run over a year', async () => {
    const db = t.handle.db;
    const day = 86_400_000;
    const running = await createEvent({
      db,
      title: 'Long-running exhibition',
      startsAt: new Date(Date.now() - 200 * day).toISOString(),
      endsAt: new Date(Date.now() + day).toISOString(),
    });
    const { body } = await t.graphql(`{ events(first: 100) { nodes { slug } } }`);
    expect(body.data.events.nodes.map((n: any) => n.slug)).toContain(running.slug);
    await expect(
      createEvent({ db, startsAt: new Date(Date.now() - 400 * day).toISOString(), endsAt: new Date(Date.now() + day).toISOString() }),
    ).rejects.toThrow();
  });
});
