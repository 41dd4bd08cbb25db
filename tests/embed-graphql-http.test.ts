// /graphql for anonymous, cross-origin and cached reads: persisted documents over GET, ETag/304, CORS, rate limit, audits.
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEvent, createTopic } from '../seed/factories.ts';
import type { Viewer } from '../src/modules/access/viewer.ts';
import { listingQueries } from '../src/modules/embed/documents.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { getGraphQL, postGraphQL } from './support/graphql.ts';

let t: TestApp;
const viewer: Viewer = { accountId: 1, organisationId: 1, tokenId: 1, scopes: new Set() };

beforeAll(async () => {
  t = await createTestApp({ verifyToken: async (token) => (token === 'good-token' ? viewer : null) });
  const topic = await createTopic({ db: t.handle.db, slug: 'health' });
  await createEvent({ db: t.handle.db, slug: 'clinic', title: 'Data clinic', topics: [topic] });
});
afterAll(() => t.close());

const variables = { first: 5, filter: { topics: ['health'] }, search: null };
const persisted = { documentId: `sha256:${listingQueries.events.hash}`, variables };

describe('persisted documents over GET', () => {
  test('a hash runs its document and answers as the full query would', async () => {
    const res = await getGraphQL(t.app, persisted);
    expect(res.status).toBe(200);
    const body = await res.json();
    const posted = await t.graphql(listingQueries.events.document, variables);
    expect(body).toEqual(posted.body);
    expect(body.data.events.nodes.map((n: { slug: string }) => n.slug)).toEqual(['clinic']);
  });

  test("Apollo's extensions.persistedQuery form works too; an unknown hash is a clear error", async () => {
    const res = await getGraphQL(t.app, { sha256Hash: listingQueries.events.hash, variables });
    expect((await res.json()).data.events.count).toEqual({ value: 1, exact: true });
    const unknown = await getGraphQL(t.app, { documentId: `sha256:${'0'.repeat(64)}`, variables });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors[0]).toMatchObject({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
  });

  test('any read query still runs, over GET and POST: researchers are not limited to the embeds', async () => {
    const res = await getGraphQL(t.app, { query: '{ topics(first: 3) { totalCount } }' });
    expect((await res.json()).data.topics.totalCount).toBe(1);
    expect((await t.graphql('{ events(first: 1) { totalCount } }')).body.data.events.totalCount).toBe(1);
  });
});

describe('HTTP caching of anonymous GETs', () => {
  test('ETag and public Cache-Control, and 304 when the client already has it', async () => {
    const res = await getGraphQL(t.app, persisted);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(res.headers.get('vary')).toContain('Accept');
    const again = await getGraphQL(t.app, persisted, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(again.headers.get('etag')).toBe(etag);
  });

  test('a changed catalogue changes the ETag', async () => {
    const before = (await getGraphQL(t.app, persisted)).headers.get('etag');
    const topicId = (await t.handle.db.query.topics.findFirst({ where: { slug: 'health' } }))!.id;
    await createEvent({ db: t.handle.db, slug: 'third', title: 'Third clinic', topics: [{ id: topicId }] });
    const after = await getGraphQL(t.app, persisted, { 'if-none-match': before! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  test('errors, POSTs and authenticated GETs are not publicly cacheable', async () => {
    const bad = await getGraphQL(t.app, { query: '{ nope }' });
    expect(bad.headers.get('cache-control')).toBe('no-store');
    const post = await postGraphQL(t.app, { query: '{ events(first: 1) { totalCount } }' });
    expect(post.headers.get('cache-control') ?? '').not.toContain('public');
    const authed = await getGraphQL(t.app, persisted, { authorization: 'Bearer good-token' });
    expect(authed.status).toBe(200);
    expect(authed.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('CORS', () => {
  const origin = 'https://partner.example';

  test('anonymous reads from any origin, without credentials', async () => {
    const res = await getGraphQL(t.app, persisted, { origin });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
  });

  test('a preflight is approved for JSON POSTs but never for an Authorization header', async () => {
    const res = await t.app.request('/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/)).toEqual(['content-type', 'accept']);
  });

  test('a request carrying a token gets no CORS headers at all (yoga no longer reflects the origin)', async () => {
    const res = await getGraphQL(t.app, persisted, { origin, authorization: 'Bearer good-token' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('endpoints that are not public reads get no CORS headers', async () => {
    const res = await t.app.request('/readyz', { headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('frame and content policies', () => {
  test('HTML pages carry a CSP; only /embed/* may be framed', async () => {
    const home = await t.app.request('/');
    expect(home.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(home.headers.get('x-frame-options')).toBe('DENY');
    const graphiql = await t.app.request('/graphql', { headers: { accept: 'text/html' } });
    expect(graphiql.headers.get('content-type')).toMatch(/text\/html/);
    expect(graphiql.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(graphiql.headers.get('cache-control') ?? '').not.toContain('public');
    const frame = await t.app.request('/embed/events');
    expect(frame.headers.get('content-security-policy')).toMatch(/frame-ancestors \*$/);
  });
});

describe('GraphQL over HTTP conformance', () => {
  test('every MUST audit of graphql-http passes', async () => {
    const audits = serverAudits({
      url: 'http://localhost/graphql',
      fetchFn: (input: RequestInfo, init?: RequestInit) => t.app.request(input, init),
    });
    const results = await Promise.all(audits.map((a) => a.fn()));
    const failedMusts = results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failedMusts).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
    const warnings = results.filter((r) => r.status === 'warn').map((r) => r.name);
    console.info(
      `graphql-http: ${results.filter((r) => r.status === 'ok').length}/${results.length} audits ok; warnings: ${warnings.join(' | ') || 'none'}`,
    );
  });
});
