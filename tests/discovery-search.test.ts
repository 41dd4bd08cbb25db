// search(query, types, first, after): ranking, typo tolerance, accents, snippets, types, paging and hostile queries.
import { offsetToCursor } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawQueries } from '../bench/raw-routes.ts';
import { compileDocument } from '../src/graphql/compiled/compile.ts';
import { runCompiled, statementRunner } from '../src/graphql/compiled/middleware.ts';
import { schema } from '../src/graphql/schema.ts';
import { SEARCH_RANK_WINDOW } from '../src/modules/catalogue/filters.ts';
import { createCaseStudy, createEvent, createOrganisation } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createSeededTestApp();
  const db = t.handle.db;
  await createOrganisation({ db, name: 'Fundación Café Datos', description: 'A cooperative in Bogotá.' });
  await createCaseStudy({ db, title: 'Zebracrossing jury on street design', summary: 'Residents met for four days.' });
  await createCaseStudy({
    db,
    title: 'Street lighting review',
    summary: 'Among many things, a zebracrossing jury was mentioned once.',
    body: 'Long text. '.repeat(50),
  });
  await createEvent({
    db,
    title: 'Quokka deliberation evening',
    description: 'Fish & chips, "quotes" and 5 < 6 <notes> at an evening on quokka deliberation.',
  });
  await createOrganisation({ db, name: 'Marker trap', description: 'Stray \uE001 markers \uE000 around a wombat sanctuary.' });
  await createEvent({ db, title: 'Quokka draft', description: 'quokka', publicationState: 'draft' });
});
afterAll(() => t.close());

const searchQuery = `query($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { type rank snippet snippetText entry {
      __typename
      ... on Organisation { name }
      ... on CaseStudy { title slug }
      ... on Event { title startsAtLocal }
      ... on Method { name }
      ... on Topic { label }
    } } } } }`;

const nameOf = (e: any) => e.name ?? e.title ?? e.label;

async function search(q: string, extra: Record<string, unknown> = {}) {
  const { status, body } = await t.graphql(searchQuery, { q, ...extra });
  expect(status).toBe(200);
  return body;
}

async function hits(q: string, extra: Record<string, unknown> = {}) {
  const body = await search(q, extra);
  expect(body.errors).toBeUndefined();
  return body.data.search.edges.map((e: any) => ({ ...e.node, name: nameOf(e.node.entry), typename: e.node.entry.__typename }));
}

describe('ranking and typo tolerance', () => {
  it('"Lovelance" finds the Ada Lovelace Institute from the seed catalogue, first', async () => {
    const found = await hits('Lovelance');
    expect(found[0]).toMatchObject({ name: 'Ada Lovelace Institute', type: 'ORGANISATION', typename: 'Organisation' });
  });

  it('a match in the name ranks above a passing mention in the text', async () => {
    const found = await hits('zebracrossing jury');
    expect(found.map((h: any) => h.name)).toEqual(['Zebracrossing jury on street design', 'Street lighting review']);
    expect(found[0].rank).toBeGreaterThan(found[1].rank);
  });

  it('is accent-insensitive both ways', async () => {
    expect((await hits('fundacion cafe'))[0].name).toBe('Fundación Café Datos');
    expect((await hits('Bogota'))[0].name).toBe('Fundación Café Datos');
    expect((await hits('Fundación'))[0].name).toBe('Fundación Café Datos');
  });

  it('searches the seeded case studies, methods and topics too', async () => {
    expect((await hits('public dialogue')).map((h: any) => h.typename)).toEqual(expect.arrayContaining(['CaseStudy', 'Method']));
    expect((await hits('artificial intelligence', { types: ['TOPIC'] }))[0].name).toBe('AI');
  });
});

describe('a word no published entry has is corrected against the lexicon of known words', () => {
  // "Quilbrook" is a typo of a title word, and (once a published study says it) a known word of its own.
  const list = `query($q: String!, $filter: CaseStudyFilter) { caseStudies(search: $q, filter: $filter, first: 10) { totalCount nodes { slug } } }`;
  async function listed(q: string, filter?: Record<string, unknown>) {
    const pothos = await t.graphql<any>(list, { q, filter });
    expect(pothos.body.errors).toBeUndefined();
    // The compiled statement corrects with the same function, and the cross-type search.
    const compiled = await runCompiled(t.handle, compileDocument(schema, list)!, { q, filter });
    expect(JSON.parse(compiled.body)).toEqual(pothos.body);
    if (!filter) {
      // The bench's raw route corrects the same way (its top ten, without totalCount).
      const top = await t.graphql<any>(`query($q: String!) { caseStudies(search: $q, first: 10) { nodes { slug title summary } } }`, { q });
      expect(JSON.parse(await statementRunner(t.handle)(rawQueries['search-case-studies'], [q]))).toEqual(top.body);
    }
    return pothos.body.data.caseStudies.nodes.map((n: any) => n.slug);
  }
  const across = async (q: string) => (await hits(q, { types: ['CASE_STUDY'] })).map((h: any) => h.name);

  beforeAll(async () => {
    const db = t.handle.db;
    await createCaseStudy({ db, slug: 'quillbrook-panel', title: "Quillbrook residents' panel", evaluated: false });
    // A draft teaches the lexicon nothing: its words must never steer an anonymous reader's correction.
    await createCaseStudy({ db, slug: 'quilbrook-draft', title: 'Draft', summary: 'quilbrook', publicationState: 'draft' });
  });

  it('a typo finds the entries of the known word closest to it', async () => {
    expect(await listed('Quilbrook')).toEqual(['quillbrook-panel']);
    expect(await across('Quilbrook')).toEqual(["Quillbrook residents' panel"]);
    // The snippet marks the word that matched, which is the corrected one.
    expect((await hits('Quilbrook', { types: ['CASE_STUDY'] }))[0].rank).toBeGreaterThan(0);
  });

  it('"citizns" finds what "citizens" finds (and what the other close known words find)', async () => {
    await createCaseStudy({ db: t.handle.db, title: 'Citizens assembly on river quality', summary: 'Citizens met for a weekend.' });
    const right = (await hits('citizens', { first: 50 })).map((h: any) => h.name);
    expect(right.length).toBeGreaterThan(0);
    expect((await hits('citizns', { first: 50 })).map((h: any) => h.name)).toEqual(expect.arrayContaining(right));
  });

  it('corrects one word of several, and a missing accent with a typo', async () => {
    expect((await hits('cafe datso'))[0].name).toBe('Fundación Café Datos');
    expect((await hits('Fundacíon Cafe'))[0].name).toBe('Fundación Café Datos');
  });

  it('a word with no known word close to it is searched as it is, and finds nothing', async () => {
    expect(await hits('xqzzvw')).toEqual([]);
    expect(await listed('xqzzvw')).toEqual([]);
  });

  it('once a published entry has the word, it is known and not corrected, filters or not', async () => {
    await createCaseStudy({
      db: t.handle.db,
      slug: 'quilbrook-notes',
      title: 'Notes on spelling',
      summary: 'Some write it quilbrook.',
      evaluated: true,
    });
    expect(await listed('Quilbrook')).toEqual(['quilbrook-notes']);
    expect(await across('Quilbrook')).toEqual(['Notes on spelling']);
    expect(await listed('Quilbrook', { evaluated: true })).toEqual(['quilbrook-notes']);
    // Known, so not corrected: where a filter leaves none of its entries, nothing (names close to it no longer stand in).
    expect(await listed('Quilbrook', { evaluated: false })).toEqual([]);
  });

  it('a word only a body holds is not in the lexicon, and still finds that body', async () => {
    await createCaseStudy({
      db: t.handle.db,
      slug: 'body-only',
      title: 'Plain title',
      summary: 'Plain summary.',
      body: 'A sesquipedalian report.',
    });
    expect(await listed('sesquipedalian')).toEqual(['body-only']);
  });
});

describe('snippets', () => {
  it('highlight the match in escaped HTML, and give plain text too', async () => {
    const [hit] = await hits('quokka deliberation', { types: ['EVENT'] });
    expect(hit.snippet).toContain('<mark>deliberation</mark>');
    expect(hit.snippet).toContain('Fish &amp; chips, &quot;quotes&quot; and 5 &lt; 6');
    expect(hit.snippet).not.toContain('<notes>');
    expect(hit.snippetText).toContain('Fish & chips, "quotes" and 5 < 6');
    expect(hit.snippetText).not.toContain('<mark>');
  });
  it('text that holds the marker characters cannot unbalance the marks', async () => {
    const [hit] = await hits('wombat');
    expect(hit.snippet).toBe('Stray  markers  around a <mark>wombat</mark> sanctuary');
  });
});

describe('types, visibility and paging', () => {
  it('keeps to the types asked for, and never shows drafts', async () => {
    const found = await hits('quokka');
    expect(found.map((h: any) => h.name)).toEqual(['Quokka deliberation evening']);
    expect(await hits('quokka', { types: ['ORGANISATION', 'METHOD'] })).toEqual([]);
  });

  it('pages with cursors, without overlap, keeping the total', async () => {
    const all = await hits('data', { first: 100 });
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const body = await search('data', { first: 2, after });
      const page = body.data.search;
      expect(page.totalCount).toBe(all.length);
      expect(page.edges.length).toBe(Math.min(2, all.length - seen.length));
      seen.push(...page.edges.map((e: any) => `${e.node.type}:${nameOf(e.node.entry)}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.map((h: any) => `${h.type}:${h.name}`));
  });

  it('first: 0 still counts', async () => {
    const all = await hits('data', { first: 100 });
    const body = await search('data', { first: 0 });
    expect(body.data.search.totalCount).toBe(all.length);
    expect(body.data.search.edges).toEqual([]);
  });

  it('uses one statement for the hits and one per type of entry on the page', async () => {
    const { statements, body } = await t.graphql(searchQuery, { q: 'data', first: 20 });
    const kinds = new Set(body.data.search.edges.map((e: any) => e.node.type));
    expect(statements).toBe(1 + kinds.size);
  });
});

describe('empty and absurd queries', () => {
  const expectInvalid = async (q: string, extra: Record<string, unknown>, message: RegExp) => {
    const body = await search(q, extra);
    expect(body.errors?.[0].extensions.code).toBe('INVALID_INPUT');
    expect(body.errors?.[0].message).toMatch(message);
  };

  it('empty, blank or too long is a clear error', async () => {
    await expectInvalid('', {}, /query: must contain something to search for/);
    await expectInvalid('  \n\t ', {}, /query: must contain something/);
    await expectInvalid('x'.repeat(201), {}, /query: must be at most 200 characters/);
    await expectInvalid('data', { after: 'not-a-cursor' }, /after: is not a cursor/);
  });

  it('punctuation, SQL, control characters and unicode give results or nothing, never a 500', async () => {
    for (const q of [
      '!!! & | <-> :* (',
      "'; DROP TABLE organisations; --",
      '\u0000',
      'a\u0000b',
      '🦄🦄🦄',
      'データ',
      'the of and',
      '%_%',
      '\\',
    ]) {
      const body = await search(q);
      if (body.errors) expect(body.errors[0].extensions.code).toBe('INVALID_INPUT');
      else expect(Array.isArray(body.data.search.edges)).toBe(true);
    }
    expect((await hits('Lovelace')).length).toBeGreaterThan(0);
  });
});

describe('RELEVANCE ranks a window of the newest matches', () => {
  const N = SEARCH_RANK_WINDOW;
  const older = 40;
  const total = older + N;
  const slugs = (edges: any[]) => edges.map((e: any) => e.node.slug);
  // Published matches capybara-1 (oldest) .. capybara-<total> (newest), by id.
  const newest = Array.from({ length: N }, (_, i) => `capybara-${total - i}`);

  beforeAll(async () => {
    // SQL, not the API: the rank window needs hundreds of rows set up in one statement, and none of this depends
    // on how an entry was written (the editorial path has its own tests).
    // The best possible match ('Capybara' exactly) once among the older matches and once inside the window,
    // newer drafts that match (the window is of visible matches), and one published non-match.
    await t.handle.db.execute(sql`INSERT INTO case_studies (slug, title, summary, publication_state)
      SELECT 'capybara-' || g, CASE WHEN g IN (1, ${older + N / 2}) THEN 'Capybara' ELSE 'Study ' || g || ' of a wetland' END,
        'Grazing capybara seen along the river.', 'published' FROM generate_series(1, ${total}) g`);
    await t.handle.db.execute(sql`INSERT INTO case_studies (slug, title, summary, publication_state)
      SELECT 'capybara-draft-' || g, 'Capybara draft', 'capybara', 'draft' FROM generate_series(1, 30) g`);
    await t.handle.db.execute(
      sql`INSERT INTO case_studies (slug, title, publication_state) VALUES ('wetland-only', 'Wetland only', 'published')`,
    );
  });

  const list = `query($q: String!, $order: CaseStudyOrder, $after: String) {
    caseStudies(search: $q, orderBy: $order, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug title } } } }`;

  async function everyPage(order?: string) {
    const seen: string[] = [];
    let after: string | null = null;
    let counted: number | undefined;
    do {
      const { body } = await t.graphql<any>(list, { q: 'capybara', order, after });
      expect(body.errors).toBeUndefined();
      const page: any = body.data.caseStudies;
      counted = page.totalCount;
      seen.push(...slugs(page.edges));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { seen, counted };
  }

  it('ranks the newest matches only, best first; totalCount counts every match', async () => {
    const { seen, counted } = await everyPage();
    expect(counted).toBe(total);
    expect(seen).toHaveLength(N);
    expect(new Set(seen)).toEqual(new Set(newest));
    // The exact title inside the window ranks first; the same title among older matches is not reachable.
    expect(seen[0]).toBe(`capybara-${older + N / 2}`);
    expect(seen).not.toContain('capybara-1');
    // Equal relevance: newest first.
    expect(seen.slice(1, 4)).toEqual([`capybara-${total}`, `capybara-${total - 1}`, `capybara-${total - 2}`]);
  });

  it('other orders with the same search reach every match', async () => {
    const { seen, counted } = await everyPage('NEWEST');
    expect(counted).toBe(total);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: total }, (_, i) => `capybara-${i + 1}`)));
  });

  it('the compiled statement and the bench raw route answer exactly as Pothos does', async () => {
    const document = `query($q: String!) { caseStudies(search: $q, first: 100) { totalCount nodes { slug title } } }`;
    const pothos = await t.graphql(document, { q: 'capybara' });
    expect(pothos.body.data.caseStudies.nodes).toHaveLength(100);
    const compiled = await runCompiled(t.handle, compileDocument(schema, document)!, { q: 'capybara' });
    expect(JSON.parse(compiled.body)).toEqual(pothos.body);
    const top10 = await t.graphql(`query($q: String!) { caseStudies(search: $q, first: 10) { nodes { slug title summary } } }`, {
      q: 'capybara',
    });
    const raw = await statementRunner(t.handle)(rawQueries['search-case-studies'], ['capybara']);
    expect(JSON.parse(raw)).toEqual(top10.body);
    expect(top10.body.data.caseStudies.nodes[0].slug).toBe(`capybara-${older + N / 2}`);
  });

  it('the cross-type search ranks the same window per type and pages to its end; totalCount counts all', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const body = await search('capybara', { types: ['CASE_STUDY'], first: 100, after });
      expect(body.errors).toBeUndefined();
      expect(body.data.search.totalCount).toBe(total);
      seen.push(...body.data.search.edges.map((e: any) => e.node.entry.slug));
      after = body.data.search.pageInfo.hasNextPage ? body.data.search.pageInfo.endCursor : null;
    } while (after);
    // The same window as the list's: the newest matches, the exact title inside it first.
    expect(new Set(seen)).toEqual(new Set(newest));
    expect(seen[0]).toBe(`capybara-${older + N / 2}`);
    // Past the window: an empty page, the total still counted.
    const past = await search('capybara', { types: ['CASE_STUDY'], first: 10, after: offsetToCursor(N + 5) });
    expect(past.errors).toBeUndefined();
    expect(past.data.search.edges).toEqual([]);
    expect(past.data.search.totalCount).toBe(total);
  });
});
