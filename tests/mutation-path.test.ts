// The mutation path against full Yoga: the same documents, the same answers (status, type, JSON) and the same rows written.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, revisions } from '../schema/editorial.ts';
import { events } from '../schema/events.ts';
import { createTopic } from '../seed/factories.ts';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/log.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { partnerEditsEvent } from '../bench/operations.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { mutate } from './support/editorial-mutations.ts';
import { acceptJson, idOf, postGraphQL } from './support/graphql.ts';

let app: TestApp;
let cast: Cast;
let yoga: ReturnType<typeof createApp>;
let topics: string[];
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
  // The same database and configuration, with every mutation through Yoga's HTTP layer as before.
  const { handle, config } = app;
  yoga = createApp({
    handle,
    config,
    logger: createLogger('silent'),
    verifyToken: createTokenVerifier({ db: handle.db, handle }),
    mutationPath: false,
  });
  topics = [(await createTopic({ db: handle.db })).slug, (await createTopic({ db: handle.db })).slug];
});
afterAll(() => app?.close());

let made = 0;
/** Two events alike but for their slugs, `-direct` and `-yoga`, each at its first revision. */
async function twins() {
  const n = ++made;
  const make = (path: string) =>
    mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      { i: { slug: `twin-${n}-${path}`, title: `Twin ${n}`, startsAt: '2030-01-01T10:00:00Z', format: 'ONLINE', topics: [topics[0]] } },
      cast.as.contributorP,
    );
  return { direct: await make('direct'), yoga: await make('yoga') };
}

type Edit = { entryId: string; revision: { id: string } };
/** One request to each app, each about its own twin; every id, time and request id set aside, slugs made alike. */
async function answers(twin: { direct: Edit; yoga: Edit }, headers: Record<string, string>, body: (e: Edit) => object) {
  const send = async (to: typeof yoga, e: Edit) => {
    const res = await postGraphQL(to, body(e) as never, { ...acceptJson, ...headers });
    const text = (await res.text()).replaceAll(/twin-(\d+)-(direct|yoga)/g, 'twin-$1');
    const json = JSON.parse(text, (k, v) => (['id', 'entryId', 'createdAt', 'requestId'].includes(k) && v !== null ? '(differs)' : v));
    return { status: res.status, type: res.headers.get('content-type'), timing: res.headers.get('server-timing') ?? '', json };
  };
  const [direct, full] = [await send(app.app, twin.direct), await send(yoga, twin.yoga)];
  expect(full.timing).not.toContain('mutation');
  return { direct, full };
}

/** What an edit left in the database for an entry: its revisions, its row and its audit rows, ids set aside. */
async function effects(edit: Edit) {
  const id = idOf(edit.entryId);
  const db = app.handle.db;
  // Read with SQL: the audit rows' details and the row's own columns are what a differing write would show first.
  const [row] = await db.select({ description: events.description, state: events.publicationState }).from(events).where(eq(events.id, id));
  const history = await db
    .select({ action: revisions.action, state: revisions.state, snapshot: revisions.snapshot, diff: revisions.diff })
    .from(revisions)
    .where(eq(revisions.entryId, id))
    .orderBy(asc(revisions.id));
  const audit = await db
    .select({ action: auditLog.action, outcome: auditLog.outcome, details: auditLog.details, revision: auditLog.revisionId })
    .from(auditLog)
    .where(eq(auditLog.entryId, id))
    .orderBy(asc(auditLog.id));
  const alike = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(/twin-(\d+)-(direct|yoga)/g, 'twin-$1'));
  return alike({ row, history, audit: audit.map((a) => ({ ...a, revision: a.revision !== null })) });
}

async function expectAlike(twin: { direct: Edit; yoga: Edit }, headers: Record<string, string>, body: (e: Edit) => object, path: boolean) {
  const { direct, full } = await answers(twin, headers, body);
  expect(direct.timing.includes('mutation')).toBe(path);
  expect({ ...direct, timing: '' }).toEqual({ ...full, timing: '' });
  expect(await effects(twin.direct)).toEqual(await effects(twin.yoga));
  return direct.json;
}

const edit = (input: object, base?: (e: Edit) => string | null) => (e: Edit) => ({
  query: partnerEditsEvent,
  variables: { id: e.entryId, base: base ? base(e) : e.revision.id, input },
});

describe('a signed-in mutation on the mutation path answers and writes as through Yoga', () => {
  it('an edit that re-tags the event', async () => {
    const json = await expectAlike(await twins(), cast.as.contributorP, edit({ description: 'New text', topics: [topics[1]] }), true);
    expect(json.data.updateEvent.__typename).toBe('EditResult');
  });

  it('input the service refuses (an unknown topic, text too long): InvalidInput, nothing written', async () => {
    const twin = await twins();
    const unknown = await expectAlike(twin, cast.as.contributorP, edit({ topics: ['no-such-topic'] }), true);
    expect(unknown.data.updateEvent.__typename).toBe('InvalidInput');
    const long = await expectAlike(twin, cast.as.contributorP, edit({ description: 'x'.repeat(20_001) }), true);
    expect(long.data.updateEvent.fieldErrors[0].path).toEqual(['input', 'description']);
  });

  it('a stale base revision: Conflict naming the current one', async () => {
    const twin = await twins();
    await expectAlike(twin, cast.as.contributorP, edit({ description: 'First' }), true);
    const json = await expectAlike(twin, cast.as.contributorP, edit({ description: 'Second' }), true);
    expect(json.data.updateEvent.__typename).toBe('Conflict');
  });

  it("another partner's contributor: refused as a missing entry, and the refusal audited alike", async () => {
    const json = await expectAlike(await twins(), cast.as.contributorQ, edit({ description: 'Not mine' }), true);
    expect(json.data.updateEvent.__typename).toMatch(/^(NotFound|Forbidden)$/);
  });

  it('a workflow move and an edit aliased twice in one document', async () => {
    const twin = await twins();
    const submit = (e: Edit) => ({
      query: `mutation($id: ID!, $base: ID) { a: submit(id: $id, baseRevisionId: $base) { __typename ... on EditResult { revision { state } } }
        b: submit(id: $id, baseRevisionId: $base) { __typename ... on MutationError { message } } }`,
      variables: { id: e.entryId, base: e.revision.id },
    });
    const json = await expectAlike(twin, cast.as.contributorP, submit, true);
    expect([json.data.a.__typename, json.data.b.__typename]).toEqual(['EditResult', 'Conflict']);
  });
});

describe('what the mutation path leaves to Yoga, answered alike', () => {
  it('variables that do not coerce, a document that does not validate, a query, a refused token', async () => {
    const twin = await twins();
    const badVariables = await expectAlike(twin, cast.as.contributorP, edit({ description: 42 }), false);
    expect(badVariables.errors[0].extensions.code).toBe('INVALID_INPUT');
    const invalid = await expectAlike(twin, cast.as.contributorP, () => ({ query: 'mutation { noSuchField }' }), false);
    expect(invalid.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const query = await expectAlike(twin, cast.as.contributorP, (e) => ({ query: `{ node(id: "${e.entryId}") { id } }` }), false);
    // Answered by Yoga, no error: the draft is no node to a contributor without the read_drafts scope.
    expect(query).toEqual({ data: { node: null } });
    const refused = await expectAlike(twin, { authorization: 'Bearer edir_nonsense' }, edit({ description: 'x' }), false);
    expect(refused.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('an answer as application/graphql-response+json on the path, and any other Accept through Yoga', async () => {
    const twin = await twins();
    const graphqlJson = { ...cast.as.contributorP, accept: 'application/graphql-response+json' };
    await expectAlike(twin, graphqlJson, edit({ description: 'As GraphQL JSON' }), true);
    const anyType = { ...cast.as.contributorP, accept: '*/*' };
    await expectAlike(
      twin,
      anyType,
      edit({ description: 'Any type' }, () => null),
      false,
    );
  });
});
