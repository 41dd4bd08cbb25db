// The response cache: repeated anonymous reads cost no SQL, and an entry change drops exactly the responses built from it, in every server.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createDb, type DbHandle } from '../src/db.ts';
import { notifyEntryChanged, type EntryChange } from '../src/modules/catalogue/changes.ts';
import { ResponseCache } from '../src/graphql/cache/response-cache.ts';
import { createCaseStudy, createMethod, createOrganisation } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { getGraphQL, postGraphQL } from './support/graphql.ts';

let t: TestApp;
let acme: { id: number; slug: string };
let other: { id: number; slug: string };
let method: { id: number; slug: string };

beforeAll(async () => {
  t = await createTestApp({ responseCache: {} });
  acme = await createOrganisation({ db: t.handle.db, name: 'Acme Dialogue' });
  other = await createOrganisation({ db: t.handle.db, name: 'Other Org' });
  method = await createMethod({ db: t.handle.db, name: 'Citizens jury' });
  await createCaseStudy({
    db: t.handle.db,
    title: 'Jury on data',
    organisations: [{ organisation: acme, role: 'convener' }],
    methods: [method],
  });
  await untilListening(t);
});
afterAll(() => t.close());

const bySlug = `query($slug: String!) { organisation(slug: $slug) { name caseStudies { edges { role node { title } } } } }`;

/** The cache serves nothing until its LISTEN is in place: wait for the first cached answer. */
async function untilListening(app: TestApp) {
  for (let i = 0; i < 200; i++) {
    await app.graphql(`{ methods(first: 1) { nodes { name } } }`);
    if ((await app.graphql(`{ methods(first: 1) { nodes { name } } }`)).statements === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('response cache never started');
}

/** A write as the write paths do it: the row and its announcement in one transaction. */
async function rename(handle: DbHandle, table: 'organisations', change: EntryChange, name: string) {
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE ${sql.identifier(table)} SET name = ${name}, updated_at = now() WHERE id = ${change.id}`);
    await notifyEntryChanged(tx, change);
  });
}

describe('repeated anonymous reads', () => {
  it('answer the second time from memory, with the same body and no SQL', async () => {
    const first = await t.graphql(bySlug, { slug: acme.slug });
    const second = await t.graphql(bySlug, { slug: acme.slug });
    expect(first.statements).toBe(1);
    expect(second.statements).toBe(0);
    expect(second.body).toEqual(first.body);
    expect(second.body.data.organisation.caseStudies.edges[0].node.title).toBe('Jury on data');
  });

  it('are keyed by variables, and skipped for tokens, no-cache, and errors', async () => {
    await t.graphql(bySlug, { slug: other.slug });
    expect((await t.graphql(bySlug, { slug: other.slug })).statements).toBe(0);
    expect((await t.graphql(bySlug, { slug: 'no-such-org' })).body.data.organisation).toBeNull();
    const noCache = await t.graphql(bySlug, { slug: acme.slug }, { 'cache-control': 'no-cache' });
    expect(noCache.statements).toBe(1);
    const bad = `{ organisations(first: 1000) { nodes { name } } }`;
    await t.graphql(bad);
    expect((await t.graphql(bad)).body.errors?.[0].extensions.code).toBe('INVALID_INPUT');
    // Without a verifier every token is refused: the point is that the cache did not answer it.
    expect((await t.graphql(bySlug, { slug: acme.slug }, { authorization: 'Bearer whatever' })).status).toBe(401);
  });
});

describe('invalidation', () => {
  it('drops the responses holding a changed entry, and keeps the rest', async () => {
    await t.graphql(bySlug, { slug: acme.slug });
    await t.graphql(bySlug, { slug: other.slug });
    await rename(t.handle, 'organisations', { type: 'organisation', id: acme.id, slug: acme.slug }, 'Acme Deliberation');
    await eventually(async () => (await t.graphql(bySlug, { slug: acme.slug })).body.data.organisation.name === 'Acme Deliberation');
    expect((await t.graphql(bySlug, { slug: acme.slug })).statements).toBe(0);
    // Another organisation's response was not built from Acme: still cached.
    expect((await t.graphql(bySlug, { slug: other.slug })).statements).toBe(0);
  });

  it('drops a nested response when an entry deep inside it changes', async () => {
    const nested = `{ organisations(first: 20) { nodes { name caseStudies(first: 5) { edges { node { title methods { nodes { name } } } } } } } }`;
    await t.graphql(nested);
    expect((await t.graphql(nested)).statements).toBe(0);
    await t.handle.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE methods SET name = 'Citizens assembly' WHERE id = ${method.id}`);
      await notifyEntryChanged(tx, { type: 'method', id: method.id, slug: method.slug });
    });
    await eventually(async () => JSON.stringify((await t.graphql(nested)).body).includes('Citizens assembly'));
  });

  it('drops lookups by slug that were empty when an entry with that slug appears', async () => {
    expect((await t.graphql(bySlug, { slug: 'newcomer' })).body.data.organisation).toBeNull();
    expect((await t.graphql(bySlug, { slug: 'newcomer' })).statements).toBe(0);
    await t.handle.db.transaction(async (tx) => {
      const org = await createOrganisation({ db: tx as never, slug: 'newcomer', name: 'Newcomer' });
      await notifyEntryChanged(tx, { type: 'organisation', id: org.id, slug: org.slug });
    });
    await eventually(async () => (await t.graphql(bySlug, { slug: 'newcomer' })).body.data.organisation?.name === 'Newcomer');
  });

  it('drops a list filtered by an entry when that entry changes, though the list does not show it', async () => {
    const byOrganisation = `query($org: String!) { caseStudies(filter: { organisation: $org }) { nodes { title } } }`;
    await t.graphql(byOrganisation, { org: other.slug });
    expect((await t.graphql(byOrganisation, { org: other.slug })).statements).toBe(0);
    await rename(t.handle, 'organisations', { type: 'organisation', id: other.id, slug: other.slug }, 'Other, renamed quietly');
    await eventually(async () => (await t.graphql(byOrganisation, { org: other.slug })).statements === 1);
  });

  it('does not store a response computed while an invalidation ran (it could be stale)', () => {
    const cache = new ResponseCache(64 * 1024);
    const started = cache.generation;
    cache.invalidate(['Organisation:1']);
    expect(cache.set('k', { body: '{}', contentType: 'application/json' }, ['Organisation:2'], started)).toBe(false);
    expect(cache.set('k', { body: '{}', contentType: 'application/json' }, ['Organisation:2'], cache.generation)).toBe(true);
  });
});

describe('several servers on one database', () => {
  let second: { app: ReturnType<typeof createApp>; handle: DbHandle; own: boolean };

  beforeAll(async () => {
    // On PostgreSQL a second pool, as another process would have; PGlite is one process, so a second app shares it.
    const pg = t.handle.postgres?.options;
    const handle = pg
      ? await createDb({ DATABASE_URL: `postgres://${pg.user}@${pg.host[0]}:${pg.port[0]}/${pg.database}`, DATABASE_POOL_SIZE: 2 })
      : t.handle;
    second = { app: createApp({ handle, config: t.config, responseCache: {} }), handle, own: !!pg };
  });
  afterAll(async () => {
    if (second.own) await second.handle.close();
  });

  const ask = async (slug: string) => {
    const before = t.handle.statements.count + (second.own ? second.handle.statements.count : 0);
    const res = await postGraphQL(second.app, { query: bySlug, variables: { slug } });
    const body = (await res.json()) as any;
    return { body, statements: t.handle.statements.count + (second.own ? second.handle.statements.count : 0) - before };
  };

  it('each hear a change written through another', async () => {
    await eventually(async () => {
      await ask(other.slug);
      return (await ask(other.slug)).statements === 0;
    });
    await rename(t.handle, 'organisations', { type: 'organisation', id: other.id, slug: other.slug }, 'Other Renamed');
    await eventually(async () => (await ask(other.slug)).body.data.organisation.name === 'Other Renamed');
  });
});

describe('the bound', () => {
  it('evicts the least recently used responses beyond its size', () => {
    // Each slot counts 2 bytes a character of key and body, plus 256 for the slot and 96 a tag: 534 here, so four fit.
    const cache = new ResponseCache(2200);
    const body = 'x'.repeat(90);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, { body, contentType: 'application/json' }, [`T:${key}`], cache.generation);
    cache.get('a');
    cache.set('e', { body, contentType: 'application/json' }, ['T:e'], cache.generation);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toBe(body);
    expect(cache.size).toBe(4);
  });
});

describe('ETags with the cache', () => {
  it('the miss carries the same ETag as the hits after it, so a client holding it gets a 304 from the cache', async () => {
    const list = { query: `{ organisations(first: 2) { nodes { name slug } } }` };
    const miss = await getGraphQL(t.app, list);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    const etag = miss.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const hit = await getGraphQL(t.app, list);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('etag')).toBe(etag);
    expect(await hit.text()).toBe(await miss.text());
    const revalidated = await getGraphQL(t.app, list, { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
  });
});
