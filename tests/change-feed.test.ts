// GET /changes and GraphQL `changes`: public changes only, in commit order, with tombstones, ETags and typed errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPublicChange } from '../src/modules/catalogue/change-log.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, publishOrg, updateOrg } from './support/editorial-mutations.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app?.close());

const get = (path: string, headers: Record<string, string> = {}) => app.app.request(path, { headers });

async function feed(query: string, headers: Record<string, string> = {}) {
  const res = await get(`/changes?${query}`, headers);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { changes: any[]; next: string; has_more: boolean };
}

/** Where a poller stands after reading everything so far. */
async function newest(): Promise<string> {
  let body = await feed('limit=1000');
  while (body.has_more) body = await feed(`since=${body.next}&limit=1000`);
  return body.next;
}

/** An approved edit of a published organisation: update, submit, approve (by a reviewer of the other host). */
async function approveEdit(id: string, base: string, input: Record<string, unknown>) {
  const updated = await updateOrg(app, cast.as.editorA, id, base, input);
  const submitted = await move(app, cast.as.editorA, 'submit', id, updated.revision.id);
  const approved = await move(app, cast.as.reviewerB, 'approve', id, submitted.revision.id);
  expect(approved.__typename).toBe('EditResult');
  return approved;
}

describe('the change feed', () => {
  it('lists the founding hosts as created, from the start', async () => {
    const body = await feed('');
    const hosts = body.changes.filter((c) => c.type === 'Organisation' && c.action === 'created');
    expect(hosts.map((c) => c.slug)).toEqual(expect.arrayContaining([cast.orgs.hostA.slug, cast.orgs.hostB.slug]));
  });

  it('gives created, updated, renamed, archived (with a tombstone) and published again, and nothing for drafts', async () => {
    const since = await newest();
    const { created, published } = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, {
      slug: 'feed-riverside',
      name: 'Riverside Trust',
      kind: 'CHARITY',
    });
    const id = created.entryId as string;
    // Draft work, on a new entry and on the published one, is not public.
    const draft = await createOrg(app, cast.as.editorA, { slug: 'feed-draft-only', name: 'Draft Only', kind: 'CHARITY' });
    await move(app, cast.as.editorA, 'submit', draft.entryId, draft.revision.id);
    const pending = await updateOrg(app, cast.as.editorA, id, published.revision.id, { description: 'Not yet approved' });
    const withdrawn = await move(app, cast.as.editorA, 'withdraw', id, pending.revision.id);
    const edited = await approveEdit(id, withdrawn.revision.id, { description: "Runs citizens' juries on data." });
    const renamed = await approveEdit(id, edited.revision.id, { slug: 'feed-riverside-trust' });
    const archived = await move(app, cast.as.editorA, 'archive', id, renamed.revision.id);
    expect(archived.publicationState).toBe('ARCHIVED');
    await approveEdit(id, archived.revision.id, { description: 'Back again.' });

    const body = await feed(`since=${since}`);
    expect(body.has_more).toBe(false);
    expect(body.changes.map((c) => [c.action, c.slug])).toEqual([
      ['created', 'feed-riverside'],
      ['updated', 'feed-riverside'],
      ['renamed', 'feed-riverside-trust'],
      ['archived', 'feed-riverside-trust'],
      ['published', 'feed-riverside-trust'],
    ]);
    for (const c of body.changes) {
      expect(c).toMatchObject({ type: 'Organisation', id, url: `${app.config.PUBLIC_URL}/organisations/${c.slug}` });
      expect(Date.parse(c.at)).not.toBeNaN();
    }
    expect(body.changes[2].oldSlug).toBe('feed-riverside');
    expect(body.changes[3].tombstone).toEqual({ type: 'Tombstone', formerType: 'Organisation', deleted: body.changes[3].at });
    expect(body.changes.filter((c) => c.tombstone)).toHaveLength(1);
    expect(body.next).toBe(body.changes.at(-1).cursor);
    // Cursors are opaque but ordered as the feed gives them, and distinct.
    expect(new Set(body.changes.map((c) => c.cursor)).size).toBe(5);

    // Reading again from the same cursor gives the same changes, word for word.
    expect(await feed(`since=${since}`)).toEqual(body);
    // Paging one at a time walks the same list, `next` to `next`.
    const walked: any[] = [];
    let page = await feed(`since=${since}&limit=2`);
    walked.push(...page.changes);
    while (page.has_more) {
      page = await feed(`since=${page.next}&limit=2`);
      walked.push(...page.changes);
    }
    expect(walked).toEqual(body.changes);

    // GraphQL gives the same data with the same cursors.
    const gql = await app.graphql(
      `query($after: String) { changes(after: $after, first: 10) {
        edges { cursor node { cursor type entryId slug oldSlug action at url tombstone { formerType deleted } } }
        pageInfo { hasNextPage endCursor } } }`,
      { after: since },
      anonymous,
    );
    expect(gql.body.errors).toBeUndefined();
    const nodes = gql.body.data.changes.edges.map((e: any) => e.node);
    expect(gql.body.data.changes.edges.map((e: any) => e.cursor)).toEqual(body.changes.map((c) => c.cursor));
    expect(nodes.map((n: any) => [n.action, n.entryId, n.slug, n.oldSlug])).toEqual(
      body.changes.map((c) => [c.action.toUpperCase(), c.id, c.slug, c.oldSlug ?? null]),
    );
    expect(nodes[3].tombstone.formerType).toBe('Organisation');
    expect(gql.body.data.changes.pageInfo).toEqual({ hasNextPage: false, endCursor: body.next });
  });

  it('filters by type, in JSON and in GraphQL', async () => {
    const since = await newest();
    await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'feed-typed', name: 'Typed', kind: 'CHARITY' });
    expect((await feed(`since=${since}&types=Event,CaseStudy`)).changes).toEqual([]);
    expect((await feed(`since=${since}&types=Event&types=Organisation`)).changes.map((c) => c.slug)).toEqual(['feed-typed']);
    const gql = await app.graphql(`query($a: String) { changes(after: $a, types: [EVENT]) { edges { cursor } } }`, { a: since });
    expect(gql.body.data.changes.edges).toEqual([]);
  });

  it('answers a repeated poll with 304 by its ETag, and asks for a poll interval', async () => {
    const since = await newest();
    const first = await get(`/changes?since=${since}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-poll-interval')).toBe('60');
    const tag = first.headers.get('etag')!;
    expect(tag).toBeTruthy();
    const again = await get(`/changes?since=${since}`, { 'if-none-match': tag });
    expect(again.status).toBe(304);
    await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'feed-etag', name: 'Etag', kind: 'CHARITY' });
    const changed = await get(`/changes?since=${since}`, { 'if-none-match': tag });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as any).changes.map((c: any) => c.slug)).toEqual(['feed-etag']);
  });
});

describe('bad parameters', () => {
  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=2.5', 'limit'],
    ['since=not-a-cursor', 'since'],
    [`since=${Buffer.from('change:-1').toString('base64url')}`, 'since'],
    ['types=Person', 'types'],
    ['types=Event,event', 'types'],
  ])('%s is refused with a typed 400 naming %s', async (query, param) => {
    const res = await get(`/changes?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.fieldErrors[0].path).toEqual([param]);
    expect(body.error.fieldErrors[0].message).toMatch(/\w/);
  });

  it('ignores an empty item in a list of types', async () => {
    expect((await get('/changes?types=Event,&limit=1')).status).toBe(200);
  });

  it('refuses a bad `first` or `after` in GraphQL with INVALID_INPUT', async () => {
    for (const [vars, path] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ after: 'nope' }, 'after'],
    ] as const) {
      const res = await app.graphql(
        `query($first: Int, $after: String) { changes(first: $first, after: $after) { edges { cursor } } }`,
        vars,
      );
      expect(res.body.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(res.body.errors?.[0]?.extensions?.fieldErrors?.[0]?.path.at(-1)).toBe(path);
    }
  });
});

describe('cursors follow commit order', () => {
  it('makes a change-writing transaction that started later wait for the earlier one to commit before it takes a cursor', async () => {
    // No user can hold a write transaction open, so the two overlapping writes are the chokepoint itself, called
    // inside transactions this test holds open. Entry ids far beyond any real one keep them apart from the rest.
    const db = app.handle.db;
    const since = await newest();
    const order: string[] = [];
    let commitA!: () => void;
    const aMayCommit = new Promise<void>((resolve) => (commitA = resolve));
    let aRecorded!: () => void;
    const aHasCursor = new Promise<void>((resolve) => (aRecorded = resolve));
    const publicOrg = (slug: string) => ({ before: null, after: { publicationState: 'published' as const, slug }, contentWritten: true });

    const a = db.transaction(async (tx) => {
      const cursor = await recordPublicChange(tx, { type: 'event', id: 2_000_000_001 }, publicOrg('overlap-a'));
      order.push('a drew');
      aRecorded();
      await aMayCommit;
      order.push('a commits');
      return cursor!;
    });
    await aHasCursor;
    const b = db.transaction(async (tx) => {
      const cursor = await recordPublicChange(tx, { type: 'event', id: 2_000_000_002 }, publicOrg('overlap-b'));
      order.push('b drew');
      return cursor!;
    });
    // B has begun (on PostgreSQL it waits for the lock; on PGlite for the one connection) and must not draw yet.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(order).toEqual(['a drew']);
    if (app.handle.kind === 'postgres') {
      // A poller now, on another connection, sees neither: A is uncommitted and B has no cursor yet.
      expect((await feed(`since=${since}`)).changes).toEqual([]);
    }
    commitA();
    const [cursorA, cursorB] = await Promise.all([a, b]);
    expect(order).toEqual(['a drew', 'a commits', 'b drew']);
    expect(cursorB).toBeGreaterThan(cursorA);
    expect((await feed(`since=${since}`)).changes.map((c) => c.slug)).toEqual(['overlap-a', 'overlap-b']);
  });
});

describe('the public-access limits', () => {
  it('counts /changes and the snapshot in the per-client rate limit, with CORS for any origin', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const first = await limited.app.request('/changes', { headers: { origin: 'https://partner.example' } });
      expect(first.status).toBe(200);
      expect(first.headers.get('access-control-allow-origin')).toBe('*');
      expect(first.headers.get('access-control-expose-headers')).toMatch(/X-Poll-Interval/);
      expect((await limited.app.request('/export/catalogue.ndjson')).status).toBe(200);
      const refused = await limited.app.request('/changes');
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as any).error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
