// count(upTo): matches counted up to a bound, exact or a lower bound, never an estimate; the same through Pothos and the compiled path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDocument } from '../src/graphql/compiled/compile.ts';
import { runCompiled } from '../src/graphql/compiled/middleware.ts';
import { schema } from '../src/graphql/schema.ts';
import { more } from '../src/modules/embed/render.ts';
import { createCaseStudy, createEvent, createTopic } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
let topic: string;

beforeAll(async () => {
  t = await createSeededTestApp();
  const db = t.handle.db;
  const row = await createTopic({ db, label: 'Bounded counting', publicationState: 'published' });
  topic = row.slug;
  for (let i = 0; i < 3; i++) await createEvent({ db, title: `Counted event ${i}`, topics: [row] });
  await createEvent({ db, title: 'Counted draft', topics: [row], publicationState: 'draft' });
  for (let i = 0; i < 3; i++) await createCaseStudy({ db, title: `Boundedword study ${i}` });
});
afterAll(() => t.close());

const events = `query($topic: String!, $upTo: Int) { events(filter: { topics: [$topic] }, first: 2) {
  totalCount count(upTo: $upTo) { value exact } nodes { title } } }`;

/** Pothos, and the compiled statement, which must give the same JSON. */
async function both(document: string, variables: Record<string, unknown>) {
  const pothos = await t.graphql<any>(document, variables);
  expect(pothos.body.errors).toBeUndefined();
  const compiled = compileDocument(schema, document);
  expect(compiled).not.toBeNull();
  expect(JSON.parse((await runCompiled(t.handle, compiled!, variables)).body)).toEqual(pothos.body);
  return pothos;
}

describe('count on a root list', () => {
  it('is exact up to its bound, and a lower bound beyond it', async () => {
    expect((await both(events, { topic, upTo: 3 })).body.data.events).toMatchObject({ totalCount: 3, count: { value: 3, exact: true } });
    expect((await both(events, { topic, upTo: 2 })).body.data.events.count).toEqual({ value: 2, exact: false });
    expect((await both(events, { topic, upTo: 1 })).body.data.events.count).toEqual({ value: 1, exact: false });
    // Default bound: 1,000.
    expect((await both(events, { topic })).body.data.events.count).toEqual({ value: 3, exact: true });
  });

  it('is read by the page statement itself: one statement for the page, totalCount and count', async () => {
    const { statements, body } = await t.graphql<any>(events, { topic, upTo: 2 });
    expect(body.data.events.count).toEqual({ value: 2, exact: false });
    expect(statements).toBe(1);
  });

  it('a second count with another bound is counted apart, and right', async () => {
    const { body } = await t.graphql<any>(
      `query($topic: String!) { events(filter: { topics: [$topic] }) { a: count(upTo: 2) { value exact } b: count(upTo: 5) { value exact } } }`,
      { topic },
    );
    expect(body.data.events).toEqual({ a: { value: 2, exact: false }, b: { value: 3, exact: true } });
  });

  it('counts with a search, as the search matches', async () => {
    const document = `query($q: String!) { caseStudies(search: $q, first: 1) { count(upTo: 2) { value exact } } }`;
    expect((await both(document, { q: 'boundedword' })).body.data.caseStudies.count).toEqual({ value: 2, exact: false });
  });

  it('refuses a bound out of range with INVALID_INPUT, on either path', async () => {
    for (const upTo of [0, -1, 10_001]) {
      const { status, body } = await t.graphql<any>(events, { topic, upTo });
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(body.errors?.[0]?.path).toEqual(['events', 'count']);
    }
  });
});

describe('count on search', () => {
  it('sums every type up to the bound', async () => {
    const q = `query($upTo: Int) { search(query: "boundedword", first: 1) { totalCount count(upTo: $upTo) { value exact } } }`;
    expect((await t.graphql<any>(q, { upTo: 5 })).body.data.search).toEqual({ totalCount: 3, count: { value: 3, exact: true } });
    expect((await t.graphql<any>(q, { upTo: 2 })).body.data.search).toEqual({ totalCount: 3, count: { value: 2, exact: false } });
  });
});

describe('the embed says "1,000+", never a lower bound as the number', () => {
  it('words the link from the count', () => {
    const items = [{ title: 'a', url: 'u', meta: [], description: null }];
    expect(more({ items, count: { value: 1000, exact: false } }, 'events')).toBe('See all 1,000+ events in the Engagement Directory');
    expect(more({ items, count: { value: 24, exact: true } }, 'events')).toBe('See all 24 events in the Engagement Directory');
    expect(more({ items, count: { value: 1, exact: true } }, 'events')).toBe('More in the Engagement Directory');
  });
});
