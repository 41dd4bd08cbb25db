// Registering documents: signed-in callers name a query once, anyone runs it by its id, on every server sharing the database.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditLog, registeredDocuments } from '../schema/index.ts';
import { createCaseStudy, createOrganisation } from '../seed/factories.ts';
import { createApp } from '../src/app.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { listenForRegistrations, notifyDocumentRegistered } from '../src/graphql/documents/notify.ts';
import { createDocumentRegistry } from '../src/graphql/documents/registry.ts';
import { listingQueries } from '../src/modules/embed/documents.ts';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { eventually } from './support/eventually.ts';
import { documentHash, getGraphQL } from './support/graphql.ts';

let t: TestApp;
let cast: Cast;

beforeAll(async () => {
  ({ app: t, cast } = await createEditorialApp());
  const org = await createOrganisation({ db: t.handle.db, slug: 'registered-reader', name: 'Registered Reader' });
  await createCaseStudy({
    db: t.handle.db,
    slug: 'registered-study',
    title: 'A registered study',
    organisations: [{ organisation: org, role: 'convener' }],
  });
});
afterAll(() => t?.close());

let n = 0;
/** A query no other test registered (the comment changes the hash, not the meaning). */
const freshQuery = (body = '{ organisations(first: 5) { totalCount nodes { slug name } } }') => `# ${++n} ${Math.random()}\n${body}`;

const REGISTER = `mutation($d: String!) { registerDocument(document: $d) {
  __typename
  ... on RegisteredDocument { id operationName compiled created registeredAt }
  ... on MutationError { message }
  ... on InvalidInput { fieldErrors { path message } }
} }`;

async function register(document: string, headers: Record<string, string> = cast.as.contributorP, app = t) {
  const res = await app.graphql(REGISTER, { d: document }, headers);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.registerDocument;
}

describe('registering and running a document', () => {
  test('a partner registers a query; an anonymous GET by its id answers as POSTing the text does', async () => {
    const text =
      'query StudiesWith($org: String!, $first: Int = 3) {\n  caseStudies(first: $first, filter: { organisation: $org }) { totalCount nodes { slug title } }\n}';
    const registered = await register(text);
    expect(registered).toMatchObject({
      __typename: 'RegisteredDocument',
      id: `sha256:${documentHash(text)}`,
      operationName: 'StudiesWith',
      created: true,
    });
    expect(typeof registered.compiled).toBe('boolean');

    const res = await getGraphQL(t.app, { documentId: registered.id, variables: { org: 'registered-reader' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual((await t.graphql(text, { org: 'registered-reader' })).body);
    expect(body.data.caseStudies.nodes).toEqual([{ slug: 'registered-study', title: 'A registered study' }]);

    const apollo = await getGraphQL(t.app, { sha256Hash: documentHash(text), variables: { org: 'registered-reader' } });
    expect(await apollo.json()).toEqual(body);

    const [row] = await t.handle.db.select().from(registeredDocuments).where(eq(registeredDocuments.id, registered.id));
    expect(row).toMatchObject({ document: text, operationName: 'StudiesWith', registeredByAccountId: cast.accountIds.contributorP });
  });

  test('any member may register, hosts as well as partners, whatever their token scopes', async () => {
    for (const person of ['reviewerA', 'editorB', 'partnerAdminP'] as const) {
      expect((await register(freshQuery(), cast.as[person])).__typename).toBe('RegisteredDocument');
    }
  });

  test('registering the same text twice gives one id and one row; the second registration creates nothing', async () => {
    const text = freshQuery();
    const first = await register(text);
    const second = await register(text, cast.as.editorA);
    expect(second.id).toBe(first.id);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.registeredAt).toBe(first.registeredAt);
    const rows = await t.handle.db.select().from(registeredDocuments).where(eq(registeredDocuments.id, first.id));
    expect(rows.map((r) => r.registeredByAccountId)).toEqual([cast.accountIds.contributorP]);
  });

  test('the embeds keep their documents (no SQL to find them); a registered one costs one lookup, then none', async () => {
    const before = t.handle.statements.count;
    const embed = await getGraphQL(t.app, { documentId: `sha256:${listingQueries.organisations.hash}`, variables: { first: 1 } });
    expect((await embed.json()).data.organisations.nodes).toHaveLength(1);
    expect(t.handle.statements.count - before).toBe(1); // the listing itself

    const { id } = await register(freshQuery('{ organisations(first: 1) { nodes { slug } } }'));
    const count = async () => {
      const before = t.handle.statements.count;
      const res = await getGraphQL(t.app, { documentId: id });
      expect(res.status).toBe(200);
      return t.handle.statements.count - before;
    };
    const first = await count();
    const second = await count();
    expect(first - second).toBe(1);
    expect(second).toBe(1);
  });

  test('an unknown id is PersistedQueryNotFound, and asking again sends no SQL', async () => {
    const unknown = `sha256:${'ab'.repeat(32)}`;
    for (const expected of [1, 0]) {
      const before = t.handle.statements.count;
      const res = await getGraphQL(t.app, { documentId: unknown });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
      expect(t.handle.statements.count - before).toBe(expected);
    }
  });

  test('whether the compiled path can serve it is reported', async () => {
    expect((await register(freshQuery('{ organisations(first: 5) { nodes { slug name } } }'))).compiled).toBe(true);
    // Directives are left to the Pothos path, which still serves the document.
    const withDirective = await register(freshQuery('{ organisations(first: 5) { nodes { slug name @include(if: true) } } }'));
    expect(withDirective.compiled).toBe(false);
    expect((await (await getGraphQL(t.app, { documentId: withDirective.id })).json()).data.organisations.nodes.length).toBeGreaterThan(0);
  });
});

describe('what registration refuses', () => {
  const refusal = async (document: string) => {
    const r = await register(document);
    expect(r.__typename).toBe('InvalidInput');
    expect(r.fieldErrors.length).toBeGreaterThan(0);
    for (const e of r.fieldErrors) expect(e.path).toEqual(['document']);
    // Nothing refused is stored.
    expect(
      await t.handle.db
        .select()
        .from(registeredDocuments)
        .where(eq(registeredDocuments.id, `sha256:${documentHash(document)}`)),
    ).toEqual([]);
    return r.fieldErrors.map((e: { message: string }) => e.message).join(' | ') as string;
  };

  test('syntax errors and fields the schema does not have, named with their place', async () => {
    expect(await refusal('{ organisations(first: 5) { nodes { slug }')).toMatch(/Expected Name, found <EOF>.*line 1/);
    expect(await refusal('{ organisations { nodes { nickname } } }')).toMatch(
      /Cannot query field "nickname" on type "Organisation".*line 1, column 27/,
    );
    expect(await refusal('fragment F on Organisation { slug }')).toMatch(/no operation/);
  });

  test('mutations (and documents mixing them in) are refused: only queries', async () => {
    expect(await refusal('mutation Sneaky { registerDocument(document: "{ __typename }") { __typename } }')).toMatch(
      /only queries.*`Sneaky` is a mutation/,
    );
    expect(await refusal('query A { __typename } mutation B { registerDocument(document: "x") { __typename } }')).toMatch(
      /`B` is a mutation/,
    );
  });

  test('the depth, alias and cost bounds of any request apply', async () => {
    const deep = `{ organisations { nodes { ${'parent { '.repeat(t.config.GRAPHQL_MAX_DEPTH)}slug${' }'.repeat(t.config.GRAPHQL_MAX_DEPTH)} } } }`;
    expect(await refusal(deep)).toMatch(/depth limit of 16/i);
    const aliases = `{ ${Array.from({ length: t.config.GRAPHQL_MAX_ALIASES + 1 }, (_, i) => `a${i}: organisations(first: 1) { totalCount }`).join(' ')} }`;
    expect(await refusal(aliases)).toMatch(/aliases limit of 30/i);
    const costly =
      '{ organisations(first: 100) { nodes { caseStudies(first: 100) { nodes { methods(first: 100) { nodes { slug } } } } } } }';
    expect(await refusal(costly)).toMatch(/could load about \d+ rows.*limit is 50000/);
    // A page size given as a variable's default counts too.
    expect(
      await refusal(
        'query($f: Int = 100) { organisations(first: $f) { nodes { caseStudies(first: $f) { nodes { methods(first: $f) { nodes { slug } } } } } } }',
      ),
    ).toMatch(/rows/);
    expect(await refusal('{ organisations(first: 500) { nodes { slug } } }')).toMatch(
      /organisations\.first: `first` must be a whole number from 0 to 100/,
    );
  });

  test('texts over the size cap are refused by their size, before parsing', async () => {
    const big = `# ${'é'.repeat(10_000)}\n{ __typename }`;
    expect(await refusal(big)).toMatch(/is 20017 bytes; a registered document may have at most 20000/);
  });

  test('nothing refused was stored', async () => {
    const rows = await t.handle.db.select({ operationName: registeredDocuments.operationName }).from(registeredDocuments);
    expect(rows.map((r) => r.operationName)).not.toContain('Sneaky');
  });
});

describe('who may register', () => {
  test('anonymous callers get Forbidden, recorded in the audit log; nothing is stored', async () => {
    const text = freshQuery();
    const r = await register(text, anonymous);
    expect(r).toMatchObject({ __typename: 'Forbidden', message: expect.stringMatching(/Sign in/) });
    expect(
      await t.handle.db
        .select()
        .from(registeredDocuments)
        .where(eq(registeredDocuments.id, `sha256:${documentHash(text)}`)),
    ).toEqual([]);
    const denied = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'document.register'));
    expect(denied.some((a) => a.outcome === 'denied' && a.actorAccountId === null)).toBe(true);
  });

  test('a revoked token is refused at the door with UNAUTHENTICATED, never served as anonymous', async () => {
    const res = await t.graphql(REGISTER, { d: freshQuery() }, cast.as.revoked);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('several servers on one database', () => {
  test('a document registered through one app is found by another; a miss there is forgotten when it is registered', async () => {
    const second = createApp({ handle: t.handle, config: t.config, verifyToken: createTokenVerifier({ db: t.handle.db }) });

    const known = await register(freshQuery());
    const res = await getGraphQL(second, { documentId: known.id });
    expect(res.status).toBe(200);
    expect((await res.json()).data.organisations.totalCount).toBeGreaterThan(0);

    // The second server looks first and misses (and remembers the miss); registration through the first is announced.
    const text = freshQuery('{ caseStudies(first: 2) { nodes { slug } } }');
    expect((await getGraphQL(second, { documentId: `sha256:${documentHash(text)}` })).status).toBe(400);
    await register(text);
    await eventually(async () => (await getGraphQL(second, { documentId: `sha256:${documentHash(text)}` })).status === 200);
    expect((await (await getGraphQL(second, { documentId: `sha256:${documentHash(text)}` })).json()).data.caseStudies.nodes).toEqual([
      { slug: 'registered-study' },
    ]);
  });

  test('a registration is announced (NOTIFY), not only waited out: a registry remembering misses for an hour still hears it', async () => {
    const registry = createDocumentRegistry(t.handle, { missTtlMs: 3_600_000 });
    const text = freshQuery('{ methods(first: 1) { totalCount } }');
    expect(await registry.byHash(`sha256:${documentHash(text)}`)).toBeUndefined();
    await register(text);
    await eventually(async () => (await registry.byHash(documentHash(text))) === text);
  });

  test('a text already found stays held when its registration notice arrives late (a hash names one text forever)', async () => {
    const registry = createDocumentRegistry(t.handle);
    const text = freshQuery('{ methods(first: 2) { totalCount } }');
    await register(text);
    expect(await registry.byHash(documentHash(text))).toBe(text);
    // Replay the notice the registration sent, as if it had arrived after the lookup, and wait until it is heard.
    let heard!: () => void;
    const arrived = new Promise<void>((resolve) => (heard = resolve));
    const stop = await listenForRegistrations(t.handle, {
      onRegistered: (hex) => hex === documentHash(text) && heard(),
      onListen: () => {},
    });
    await notifyDocumentRegistered(t.handle.db, documentHash(text));
    await arrived;
    await stop();
    const before = t.handle.statements.count;
    expect(await registry.byHash(documentHash(text))).toBe(text);
    expect(t.handle.statements.count - before).toBe(0);
  });
});
