// The read-only HSDS API (/hsds/): every answer validates against the compiled profile, drafts never show, paging adds up.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProfile, PROFILE_VERSION, schemaId } from '../scripts/hsds-profile.ts';
import { hsdsId, uuidV5 } from '../src/modules/hsds/ids.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';
import { createCast, type Cast } from './support/editorial-cast.ts';
import { createOrg, mutate, publishOrg } from './support/editorial-mutations.ts';
import { idOf } from './support/graphql.ts';

const compiledDir = new URL('../schema/hsds/compiled/', import.meta.url);
const compiledFiles = readdirSync(compiledDir).filter((f) => f.endsWith('.json'));

// The profile's schemas carry HSDS's own annotations (datapackage and CSV hints); they are words Ajv must know, not rules.
const ajv = new Ajv2020({ allErrors: true });
// A CommonJS module: its function is both the module and its `default`, and only the latter is typed so.
formats.default(ajv);
ajv.addVocabulary(['name', 'path', 'datapackage_metadata', 'constraints', 'example', 'core', 'tabular_required', 'datapackage_type']);
for (const file of compiledFiles) ajv.addSchema(JSON.parse(readFileSync(new URL(file, compiledDir), 'utf8')));

/** Asserts `body` is valid against the compiled profile schema `name`, naming every violation. */
function expectValid(name: string, body: unknown) {
  const validate = ajv.getSchema(schemaId(name));
  if (!validate) throw new Error(`no compiled schema ${name}`);
  const ok = validate(body);
  expect(ok, `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

let t: TestApp;
let cast: Cast;
let draftOrg: { id: number; name: string };
let draftEvent: { id: number; title: string };

beforeAll(async () => {
  t = await createSeededTestApp();
  cast = await createCast(t);
  // Drafts as a partner leaves them: saved through the API, never submitted.
  const org = await createOrg(t, cast.as.contributorP, { slug: 'hsds-draft-org', name: 'HSDS Draft Organisation', kind: 'CHARITY' });
  const event = await mutate(
    t,
    'createEvent(input: $input)',
    '$input: EventInput!',
    { input: { title: 'HSDS Draft Event', startsAt: '2031-02-01T10:00:00Z', format: 'ONLINE' } },
    cast.as.contributorP,
  );
  expect([org.__typename, event.__typename]).toEqual(['EditResult', 'EditResult']);
  draftOrg = { id: idOf(org.entryId), name: 'HSDS Draft Organisation' };
  draftEvent = { id: idOf(event.entryId), title: 'HSDS Draft Event' };
});
afterAll(() => t?.close());

async function get(
  path: string,
): Promise<{ status: number; body: any; type: string | null; statements: number; text: string; headers: Headers }> {
  const before = t.handle.statements.count;
  const res = await t.app.request(path);
  const text = await res.text();
  const type = res.headers.get('content-type');
  const body = type?.startsWith('application/json') ? JSON.parse(text) : null;
  return { status: res.status, body, type, statements: t.handle.statements.count - before, text, headers: res.headers };
}

const ndjsonLines = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** Every page of a list, walked with per_page, each validated as the route's page. */
async function allPages(path: string, pageSchema: string, perPage: number) {
  const items: any[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await get(`${path}?per_page=${perPage}&page=${page}`);
    expect(status).toBe(200);
    expectValid(pageSchema, body);
    items.push(...body.contents);
    if (body.last_page) return { items, last: body };
  }
}

describe('the profile', () => {
  it('compiled schemas are what the core schemas and the patches produce', () => {
    const compiled = compileProfile();
    expect(compiledFiles.sort()).toEqual([...compiled.keys()].map((n) => `${n}.json`).sort());
    for (const [name, schema] of compiled) expect(JSON.parse(readFileSync(new URL(`${name}.json`, compiledDir), 'utf8'))).toEqual(schema);
  });

  it('compiled schemas are valid JSON Schema 2020-12, as the profiles reference requires of a merged file', () => {
    for (const file of compiledFiles) {
      const schema = JSON.parse(readFileSync(new URL(file, compiledDir), 'utf8'));
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(ajv.validateSchema(schema), `${file}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it('ids are UUID v5: the RFC test vector, and one stable id per entry', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(hsdsId('organisation', 1)).toBe(hsdsId('organisation', 1));
    expect(hsdsId('organisation', 1)).not.toBe(hsdsId('event', 1));
  });

  it('GET /hsds/ gives the HSDS version and a profile URL that resolves to the profile and its schemas', async () => {
    for (const path of ['/hsds/', '/hsds']) {
      const { status, body } = await get(path);
      expect(status).toBe(200);
      expectValid('api_meta', body);
      expect(body).toMatchObject({ version: '3.1', profile_version: PROFILE_VERSION });
    }
    const { body: meta } = await get('/hsds/');
    const profile = await get(new URL(meta.profile).pathname);
    expect(profile.status).toBe(200);
    expect(Object.keys(profile.body.schemas).sort()).toEqual(compiledFiles.map((f) => f.replace('.json', '')).sort());
    const served = await get(new URL(profile.body.schemas.organization).pathname);
    expect(served.body).toEqual(JSON.parse(readFileSync(new URL('organization.json', compiledDir), 'utf8')));
  });
});

describe('organizations', () => {
  it('pages add up: totals, sizes, first and last, and every published organisation once', async () => {
    const { body: gql } = await t.graphql('{ organisations { totalCount } }');
    const total = gql.data.organisations.totalCount as number;
    const { items, last } = await allPages('/hsds/organizations', 'organization_page', 3);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((o) => o.id)).size).toBe(total);
    expect(last).toMatchObject({ total_items: total, total_pages: Math.ceil(total / 3), page_number: Math.ceil(total / 3) });
    expect(last.size).toBe(total - 3 * (last.total_pages - 1));
    const first = await get('/hsds/organizations?per_page=3');
    expect(first.body).toMatchObject({ page_number: 1, size: 3, first_page: true, last_page: false, empty: false });
    const beyond = await get(`/hsds/organizations?per_page=3&page=${last.total_pages + 1}`);
    expectValid('organization_page', beyond.body);
    expect(beyond.body).toMatchObject({ total_items: total, size: 0, empty: true, last_page: true, first_page: false, contents: [] });
  });

  it('a page is two statements (the count and the rows), whatever its size; one in full is three', async () => {
    for (const perPage of [1, 100]) expect((await get(`/hsds/organizations?per_page=${perPage}`)).statements).toBe(2);
    const { body } = await get('/hsds/organizations?per_page=100');
    for (const o of body.contents.slice(0, 5)) expect((await get(`/hsds/organizations/${o.id}`)).statements).toBe(3);
  });

  it('is open data under the common rate limit: any origin may read it, every answer counts against the budget', async () => {
    const { headers } = await get('/hsds/organizations?per_page=1');
    expect(headers.get('ratelimit-limit')).toBe(String(t.config.RATE_LIMIT_PER_MINUTE));
    expect(headers.get('cache-control')).toBe('public, max-age=60');
    const res = await t.app.request('/hsds/organizations?per_page=1', { headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('one organisation in full: its topics as attributes, its parent by id', async () => {
    const { items } = await allPages('/hsds/organizations', 'organization_page', 100);
    const withParent = items.find((o) => o.parent_organization_id);
    expect(withParent, 'the seed catalogue has an organisation with a parent').toBeDefined();
    expect(items.map((o) => o.id)).toContain(withParent.parent_organization_id);
    let tagged = 0;
    for (const listed of items) {
      const { status, body } = await get(`/hsds/organizations/${listed.id}`);
      expect(status).toBe(200);
      expectValid('organization', body);
      expect(body).toMatchObject(listed);
      for (const a of body.attributes) expect(a).toMatchObject({ link_id: listed.id, link_entity: 'organization', link_type: 'topic' });
      if (body.attributes.length) tagged++;
    }
    expect(tagged, 'some seeded organisations have topics').toBeGreaterThan(0);
  });

  it('format=ndjson streams every published organisation, a list item a line', async () => {
    const { status, type, text } = await get('/hsds/organizations?format=ndjson');
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/x-ndjson/);
    const lines = ndjsonLines(text);
    for (const line of lines) expectValid('organization_list', line);
    const { body } = await get('/hsds/organizations?per_page=1');
    expect(lines).toHaveLength(body.total_items);
  });
});

describe('events', () => {
  it('pages and the ndjson dump validate and agree; one event in full with its organisers and topics', async () => {
    const { items, last } = await allPages('/hsds/events', 'event_page', 4);
    expect(last.total_items).toBe(items.length);
    expect(items.length).toBeGreaterThan(0);
    const lines = ndjsonLines((await get('/hsds/events?format=ndjson')).text);
    for (const line of lines) expectValid('event_list', line);
    expect(lines).toEqual(items);
    expect((await get('/hsds/events?per_page=2')).statements).toBe(2);
    expect((await get(`/hsds/events/${items[0].id}`)).statements).toBe(4);
    let organised = 0;
    for (const listed of items.slice(0, 12)) {
      const { status, body } = await get(`/hsds/events/${listed.id}`);
      expect(status).toBe(200);
      expectValid('event', body);
      expect(body).toMatchObject(listed);
      if (body.organizations.length && body.attributes.length) organised++;
    }
    expect(organised).toBeGreaterThan(0);
  });
});

describe('taxonomies and taxonomy terms', () => {
  it('one taxonomy; every published topic a term in it, parents among the terms', async () => {
    const taxonomies = await get('/hsds/taxonomies');
    expect(taxonomies.status).toBe(200);
    expectValid('taxonomy_page', taxonomies.body);
    expect(taxonomies.body).toMatchObject({ total_items: 1, size: 1, first_page: true, last_page: true, empty: false });
    const taxonomy = taxonomies.body.contents[0];
    for (const line of ndjsonLines((await get('/hsds/taxonomies?format=ndjson')).text)) expectValid('taxonomy', line);

    const { body: gql } = await t.graphql('{ topics(first: 100) { totalCount } }');
    const { items, last } = await allPages('/hsds/taxonomy_terms', 'taxonomy_term_page', 5);
    expect(last.total_items).toBe(gql.data.topics.totalCount);
    const ids = new Set(items.map((term) => term.id));
    expect(items.every((term) => term.taxonomy_id === taxonomy.id)).toBe(true);
    expect(items.some((term) => term.parent_id)).toBe(true);
    for (const term of items) if (term.parent_id) expect(ids.has(term.parent_id)).toBe(true);
    const lines = ndjsonLines((await get('/hsds/taxonomy_terms?format=ndjson')).text);
    for (const line of lines) expectValid('taxonomy_term', line);
    expect(lines).toEqual(items);
  });
});

describe('drafts', () => {
  it('never appear: not in lists, not in dumps, and their ids answer 404 like unknown ones', async () => {
    for (const path of [
      '/hsds/organizations?format=ndjson',
      '/hsds/events?format=ndjson',
      '/hsds/organizations?per_page=100',
      '/hsds/events?per_page=100',
    ]) {
      const { text } = await get(path);
      expect(text).not.toContain(draftOrg.name);
      expect(text).not.toContain(draftEvent.title);
      expect(text).not.toContain(hsdsId('organisation', draftOrg.id));
    }
    for (const path of [`/hsds/organizations/${hsdsId('organisation', draftOrg.id)}`, `/hsds/events/${hsdsId('event', draftEvent.id)}`]) {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expectValid('error', body);
      expect(body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('modified_after', () => {
  it('keeps what changed on or after the instant, in lists and dumps; a date counts from its midnight UTC', async () => {
    const since = new Date().toISOString();
    const { created } = await publishOrg(t, cast.as.contributorP, cast.as.reviewerA, {
      slug: 'hsds-fresh-org',
      name: 'HSDS Fresh',
      kind: 'CHARITY',
    });
    const fresh = hsdsId('organisation', idOf(created.entryId));
    const page = await get(`/hsds/organizations?modified_after=${encodeURIComponent(since)}`);
    expectValid('organization_page', page.body);
    expect(page.body.contents.map((o: { id: string }) => o.id)).toEqual([fresh]);
    expect(page.body).toMatchObject({ total_items: 1, total_pages: 1, size: 1, first_page: true, last_page: true });
    expect(ndjsonLines((await get(`/hsds/organizations?format=ndjson&modified_after=${encodeURIComponent(since)}`)).text)).toEqual(
      page.body.contents,
    );
    const future = await get('/hsds/events?modified_after=2999-01-01');
    expectValid('event_page', future.body);
    expect(future.body).toMatchObject({ total_items: 0, total_pages: 1, size: 0, empty: true, contents: [] });
    const terms = await get('/hsds/taxonomy_terms?modified_after=2999-01-01T00:00:00%2B01:00');
    expect(terms.body.total_items).toBe(0);
  });
});

describe('bad input', () => {
  const cases: [string, string][] = [
    ['/hsds/organizations?modified_after=yesterday', 'modified_after'],
    ['/hsds/events?modified_after=2026-02-30', 'modified_after'],
    ['/hsds/events?modified_after=2026-01-31T09:00:00', 'modified_after'],
    ['/hsds/organizations?page=0', 'page'],
    ['/hsds/organizations?page=1.5', 'page'],
    ['/hsds/events?per_page=101', 'per_page'],
    ['/hsds/taxonomy_terms?format=xml', 'format'],
    ['/hsds/organizations?format=ndjson&page=2', 'page'],
    ['/hsds/organizations?search=health', 'search'],
    ['/hsds/taxonomies?modified_after=2026-01-01', 'modified_after'],
    ['/hsds/organizations?page=1&page=2', 'page'],
    ['/hsds/organizations/not-a-uuid', 'id'],
    ['/hsds/?x=1', 'x'],
  ];
  it.each(cases)('%s is a typed 400 naming %s', async (path, param) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expectValid('error', body);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.fieldErrors[0].path).toEqual([param]);
  });

  it('is JSON even to a browser', async () => {
    for (const path of ['/hsds/organizations?page=0', `/hsds/events/${hsdsId('event', 999_999)}`, '/hsds/services']) {
      const res = await t.app.request(path, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expectValid('error', await res.json());
    }
  });

  it('an unknown id is a 404 in JSON, as is an unknown route', async () => {
    for (const path of [
      `/hsds/organizations/${uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'nobody')}`,
      `/hsds/events/${hsdsId('event', 999_999)}`,
      '/hsds/services',
    ]) {
      const { status, body, type } = await get(path);
      expect(status).toBe(404);
      expect(type).toMatch(/^application\/json/);
      expectValid('error', body);
    }
  });
});

describe('docs/hsds.md', () => {
  it('every curl example answers 200 on the seeded catalogue', async () => {
    const text = readFileSync(new URL('../docs/hsds.md', import.meta.url), 'utf8');
    const paths = [...text.matchAll(/curl [^\n]*?https?:\/\/[^/\s]+(\/hsds[^\s'"]*)/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(2);
    const { body } = await get('/hsds/organizations?per_page=1');
    for (const path of paths) {
      // The worked example's id is an organisation of the seed catalogue.
      const { status } = await get(path.replace('{id}', body.contents[0].id));
      expect(status, path).toBe(200);
    }
  });
});
