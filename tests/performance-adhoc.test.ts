// Documents nobody registered: anonymous ones are compiled on first sight, within the same bounds Yoga applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog } from '../schema/editorial.ts';
import { registeredDocuments } from '../schema/index.ts';
import { createApp } from '../src/app.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { createCaseStudy, createMethod, createOrganisation } from '../seed/factories.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { acceptJson, documentHash, getGraphQL, postGraphQL, type Requester } from './support/graphql.ts';

let t: TestApp;
let pothos: ReturnType<typeof createApp>;
let cast: Cast;

beforeAll(async () => {
  // Only the embeds' documents are given, as main.ts gives them; everything below is new to the server.
  ({ app: t, cast } = await createEditorialApp({ env: { RATE_LIMIT_PER_MINUTE: '0' }, compiledDocuments: [] }));
  pothos = createApp({
    handle: t.handle,
    config: t.config,
    compiledDocuments: undefined,
    verifyToken: createTokenVerifier({ db: t.handle.db }),
  });
  const db = t.handle.db;
  const method = await createMethod({ db, slug: 'adhoc-jury', name: 'Adhoc jury' });
  for (const i of [1, 2, 3]) {
    const org = await createOrganisation({ db, slug: `adhoc-org-${i}`, name: `Adhoc organisation ${i}` });
    await createCaseStudy({
      db,
      slug: `adhoc-case-${i}`,
      title: `Adhoc case ${i}`,
      organisations: [{ organisation: org, role: 'convener' }],
      methods: [method],
    });
  }
});
afterAll(() => t.close());

/** As TestApp.graphql sends it (asking for JSON), to any app, giving back the whole response. */
const post = (app: Requester, query: string, variables?: object, headers: Record<string, string> = {}) =>
  postGraphQL(app, { query, variables }, { ...acceptJson, ...headers });

const nested = `query Nested($n: Int) { organisations(first: $n, filter: { kinds: [CHARITY, OTHER] }) { totalCount nodes { name
  caseStudies(first: $n) { edges { role node { title methods(first: $n) { nodes { name } } } } } } } }`;

describe('an anonymous document nobody registered', () => {
  it('is compiled on first sight: one statement, marked in Server-Timing, with exactly what Pothos answers', async () => {
    for (const attempt of [1, 2]) {
      const before = t.handle.statements.count;
      const res = await post(t.app, nested, { n: 3 });
      expect(res.status, `attempt ${attempt}`).toBe(200);
      expect(res.headers.get('server-timing')).toMatch(/^compiled;dur=\d+(\.\d)?$/);
      expect(t.handle.statements.count - before).toBe(1);
      const body = await res.text();
      const expected = await (await post(pothos, nested, { n: 3 })).json();
      expect(JSON.parse(body)).toEqual(expected);
      expect(JSON.stringify(JSON.parse(body))).toBe(JSON.stringify(expected));
      expect(body).toContain('Adhoc case 1');
    }
  });

  it('is compiled when sent as a GET too', async () => {
    const res = await getGraphQL(t.app, { query: '{ methods(first: 2) { nodes { name } } }' });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/^compiled;/);
    expect(await res.json()).toEqual({ data: { methods: { nodes: [{ name: 'Adhoc jury' }] } } });
  });

  it('over the row estimate for these variables, gets the Pothos path and its QUERY_TOO_COMPLEX', async () => {
    const res = await post(t.app, nested, { n: 100 });
    expect(res.headers.get('server-timing')).toBeNull();
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.data).toBeUndefined();
  });

  it('registered, on a server that compiles no text on sight, is held to the same row estimate', async () => {
    const id = `sha256:${documentHash(nested)}`;
    await t.handle.db.insert(registeredDocuments).values({ id, document: nested, registeredByAccountId: cast.accountIds.editorA });
    const strict = createApp({ handle: t.handle, config: t.config, compiledDocuments: [], compileAdHoc: false });
    const get = (n: number) => getGraphQL(strict, { documentId: id, variables: { n } });
    const small = await get(3);
    expect(small.headers.get('server-timing')).toMatch(/^compiled;/);
    expect((await small.json()).data.organisations.nodes.length).toBeGreaterThan(0);
    const big = await get(100);
    expect(big.headers.get('server-timing')).toBeNull();
    expect((await big.json()).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('with a page size out of range, gets the typed error naming the argument', async () => {
    const res = await post(t.app, nested, { n: 500 });
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('INVALID_INPUT');
    expect(body.errors[0].extensions.fieldErrors[0].path).toEqual(['organisations', 'first']);
  });

  it('deeper than the depth bound, is refused before any SQL', async () => {
    let deep = '{ name }';
    for (let i = 0; i < 16; i++) deep = `{ parent ${deep} }`;
    const query = `{ organisations(first: 1) { nodes ${deep} } }`;
    const before = t.handle.statements.count;
    const res = await post(t.app, query);
    expect(res.headers.get('server-timing')).toBeNull();
    expect((await res.json()).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(t.handle.statements.count - before).toBe(0);
  });

  it('with too many aliases, is refused as Yoga refuses it', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `a${i}: name`).join(' ');
    const res = await post(t.app, `{ methods(first: 1) { nodes { ${fields} } } }`);
    expect(res.headers.get('server-timing')).toBeNull();
    expect((await res.json()).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('is compiled for a signed-in caller too, showing what that caller may see (a host editor: drafts)', async () => {
    await createOrganisation({ db: t.handle.db, slug: 'adhoc-draft', name: 'Adhoc draft', kind: 'charity', publicationState: 'draft' });
    for (const [who, sees] of [
      ['editorA', true],
      ['contributorP', false],
    ] as const) {
      const res = await post(t.app, nested, { n: 3 }, cast.as[who]);
      expect(res.status).toBe(200);
      expect(res.headers.get('server-timing')).toMatch(/^compiled;/);
      const body = await res.json();
      expect(body).toEqual(await (await post(pothos, nested, { n: 3 }, cast.as[who])).json());
      const everyone = await (await post(pothos, `{ organisations(first: 100) { nodes { slug } } }`, {}, cast.as[who])).json();
      expect(everyone.data.organisations.nodes.some((o: { slug: string }) => o.slug === 'adhoc-draft')).toBe(sees);
    }
  });

  it('refuses a revoked token with 401, audited once, when the document would compile', async () => {
    const audited = async () =>
      (await t.handle.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'token.revoked_used')))[0]!.n;
    const before = await audited();
    const res = await post(t.app, nested, { n: 3 }, cast.as.revoked);
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await audited()) - before).toBe(1);
  });

  it('is never compiled when it is a mutation', async () => {
    const res = await post(t.app, 'mutation { createMethod(input: { slug: "x", name: "X" }) { __typename } }');
    expect(res.headers.get('server-timing')).toBeNull();
    // Pothos answered it, with the editorial layer's refusal of an anonymous write.
    expect(await res.json()).toEqual({ data: { createMethod: { __typename: 'Forbidden' } } });
  });
});

describe('when the compiled statement fails in the database', () => {
  it('Pothos answers the same request, and a warning names the failure', async () => {
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (msg: string, fields?: Record<string, unknown>) => void warnings.push(`${msg} ${JSON.stringify(fields)}`),
    };
    // The compiled path's statements (one json_build_object body) fail as PostgreSQL would; drizzle's are untouched.
    const failure = Object.assign(new Error('more than one row returned by a subquery used as an expression'), { code: '21000' });
    const failing = <T extends object>(client: T, method: 'query' | 'unsafe') =>
      new Proxy(client, {
        get: (target, key, receiver) =>
          key === method
            ? (text: string, ...rest: unknown[]) =>
                text.includes(' AS body') ? Promise.reject(failure) : (target as any)[method](text, ...rest)
            : Reflect.get(target, key, receiver),
      });
    const handle = t.handle.postgres
      ? { ...t.handle, postgres: failing(t.handle.postgres, 'unsafe') }
      : { ...t.handle, pglite: failing(t.handle.pglite!, 'query') };
    const app = createApp({ handle, config: t.config, logger, compiledDocuments: [] });
    const res = await post(app, nested, { n: 2 });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing') ?? '').not.toContain('compiled');
    expect(((await res.json()) as any).data.organisations.nodes.length).toBeGreaterThan(0);
    expect(warnings).toEqual([expect.stringContaining('compiled path failed; using Pothos')]);
    expect(warnings[0]).toContain('more than one row');
  });
});
