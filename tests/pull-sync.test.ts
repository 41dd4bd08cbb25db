// Pull-sync end to end: two directories in one run, each its own app over its own database, served over real HTTP;
// one follows the other (reviewed, then trusted), then each follows the other, and nothing bounces.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryType, MemberRole } from '../schema/editorial.ts';
import { runSources } from '../src/cli-sources.ts';
import type { Actor } from '../src/modules/access/actor.ts';
import { decide, scopesForRole } from '../src/modules/access/permissions.ts';
import { loadConfig } from '../src/config.ts';
import { compileDocument } from '../src/graphql/compiled/compile.ts';
import { NotCompilable } from '../src/graphql/compiled/not-compilable.ts';
import { schema } from '../src/graphql/schema.ts';
import { createLogger } from '../src/log.ts';
import { createSyncPoller } from '../src/modules/sync/poller.ts';
import { sourceUrlPolicyOf } from '../src/modules/sync/sources.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, mutate, publishOrg, updateOrg } from './support/editorial-mutations.ts';

/** A directory on an ephemeral port: its PUBLIC_URL is the address another directory fetches it at. */
interface Directory {
  app: TestApp;
  cast: Cast;
  url: string;
  server: ServerType;
  /** `npm run cli -- sources ...` against this directory's database; the exit code and what it printed. */
  cli(command: 'sources', ...args: string[]): Promise<{ code: number; out: string }>;
}

const syncEnv = { SYNC_ALLOWED_ADDRESSES: '127.0.0.1', SYNC_ALLOW_HTTP: 'true' };

async function startDirectory(): Promise<Directory> {
  let app: TestApp | undefined;
  // The app needs its own address as PUBLIC_URL, known only once the port is: the server asks for it per request.
  const server = serve({ fetch: (req) => app!.app.fetch(req), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const made = await createEditorialApp({ env: { ...syncEnv, PUBLIC_URL: url } });
  app = made.app;
  const cli = async (_command: 'sources', ...args: string[]) => {
    const lines: string[] = [];
    const code = await runSources(made.app.handle.db, made.app.config, args, (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  };
  return { app: made.app, cast: made.cast, url, server, cli };
}

let north: Directory;
let south: Directory;
let broken: { url: string; server: Server; mode: 'garbage' | '500' | 'half' | 'slow' };

beforeAll(async () => {
  north = await startDirectory();
  south = await startDirectory();
  const s = createServer((_req, res) => {
    if (broken.mode === '500') return res.writeHead(500).end('oops');
    if (broken.mode === 'slow') return void setTimeout(() => res.writeHead(200).end(''), 2_000).unref();
    if (broken.mode === 'half')
      return res
        .writeHead(200, { 'content-type': 'application/x-ndjson' })
        .end(
          '{"type":"snapshot","cursor":"Y2hhbmdlOjE"}\n{"type":"Organisation","id":"T3JnYW5pc2F0aW9uOjE=","slug":"a","url":null,"updatedAt":"x","fields":{}}\n{not json',
        );
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not a directory</html>');
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  broken = { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, server: s, mode: 'garbage' };
}, 60_000);

afterAll(async () => {
  for (const d of [north, south]) {
    d?.server.close();
    await d?.app.close();
  }
  broken?.server.close();
});

const hostSlug = (d: Directory) => d.cast.orgs.hostA.slug;

async function reviewQueue(d: Directory) {
  const res = await d.app.graphql(
    `{ reviewQueue(first: 100) { nodes { entryId action state message snapshot } } }`,
    {},
    d.cast.as.reviewerB,
  );
  return res.body.data.reviewQueue.nodes as any[];
}

async function publicOrganisation(d: Directory, slug: string) {
  const res = await d.app.graphql(`query($s: String!) { organisation(slug: $s) { id slug name description } }`, { s: slug });
  return res.body.data.organisation as { id: string; slug: string; name: string; description: string | null } | null;
}

async function snapshotRows(d: Directory): Promise<any[]> {
  const res = await d.app.app.request('/export/catalogue.ndjson');
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .slice(1);
}

let riverside: { id: string };

describe('one directory following another', () => {
  it('takes the snapshot first: entries arrive as submissions of the source organisation, for review', async () => {
    const { created } = await publishOrg(north.app, north.cast.as.editorA, north.cast.as.reviewerB, {
      name: 'Riverside Trust',
      slug: 'riverside-trust',
      kind: 'CHARITY',
      description: 'Runs the riverside assemblies.',
    });
    riverside = { id: created.entryId };
    const added = await south.cli('sources', 'add', 'north', north.url, '--as', hostSlug(south));
    expect(added).toMatchObject({ code: 0 });
    const synced = await south.cli('sources', 'sync', 'north');
    expect(synced.code).toBe(0);
    // Both directories list hosts by the same slugs (host-a, host-b), as two secretariats started from one
    // catalogue would: south's own entries are taken to be north's, neither copied again nor overwritten.
    expect(synced.out).toMatch(/north: 3 new, 0 changed, 0 unchanged, 2 already here;/);
    const slugs = (await reviewQueue(south)).map((n) => n.snapshot.slug as string);
    expect(slugs).toContain('riverside-trust');
    expect(slugs.filter((slug) => slug.startsWith(hostSlug(south)))).toEqual([]);
    const queued = (await reviewQueue(south)).find((n) => n.snapshot.slug === 'riverside-trust');
    expect(queued).toMatchObject({ state: 'SUBMITTED', message: `From north: ${north.url}/organisations/riverside-trust` });
    expect(await publicOrganisation(south, 'riverside-trust')).toBeNull();
  });

  it('a host reviewer approves it; its page links to the origin as canonical and says where it comes from', async () => {
    const queued = (await reviewQueue(south)).find((n) => n.snapshot.slug === 'riverside-trust');
    const history = await south.app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { id } } }`,
      { id: queued.entryId },
      south.cast.as.reviewerB,
    );
    const approved = await move(south.app, south.cast.as.reviewerB, 'approve', queued.entryId, history.body.data.revisions.nodes[0].id);
    expect(approved.publicationState).toBe('PUBLISHED');
    const page = await south.app.app.request('/organisations/riverside-trust');
    const body = await page.text();
    expect(body).toContain(`<link rel="canonical" href="${north.url}/organisations/riverside-trust"`);
    expect(body).toContain(`From north: <a href="${north.url}/organisations/riverside-trust"`);
    const api = await south.app.graphql(`{ organisation(slug: "riverside-trust") { origin { source id url } } }`);
    expect(api.body.data.organisation.origin).toEqual({
      source: 'north',
      id: riverside.id,
      url: `${north.url}/organisations/riverside-trust`,
    });
    // A page of entries reads their origins in one more statement, however many there are.
    const plain = await south.app.graphql(`{ organisations(first: 100) { nodes { slug } } }`);
    const withOrigins = await south.app.graphql(`{ organisations(first: 100) { nodes { slug origin { source } } } }`);
    expect(withOrigins.body.data.organisations.nodes.filter((n: any) => n.origin).length).toBeGreaterThan(0);
    expect(withOrigins.statements).toBe(plain.statements + 1);
    // The compiled path has no `origin`: a registered document asking for it is left to Pothos, which answers as above.
    const compiled = compileDocument(schema, `{ organisation(slug: "riverside-trust") { origin { source id url } } }`);
    expect(() => compiled!.render({})).toThrow(NotCompilable);
  });

  it('never exports what it was brought: not in its snapshot, its change feed or HSDS', async () => {
    expect((await snapshotRows(south)).some((r) => r.slug === 'riverside-trust')).toBe(false);
    const hsds = (await (await south.app.app.request('/hsds/organizations?per_page=100')).json()) as any;
    expect(hsds.contents.length).toBeGreaterThan(0);
    expect(hsds.contents.some((o: any) => o.name === 'Riverside Trust')).toBe(false);
    const feed = (await (await south.app.app.request('/changes?limit=1000')).json()) as any;
    expect(feed.changes.some((c: any) => c.slug === 'riverside-trust')).toBe(false);
  });

  it('serves the rows of named entries only, for followers fetching what the feed named', async () => {
    const res = await north.app.app.request(`/export/catalogue.ndjson?id=${encodeURIComponent(riverside.id)}`);
    const lines = (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['snapshot', 'Organisation']);
    expect(lines[1]).toMatchObject({ id: riverside.id, slug: 'riverside-trust' });
    const bad = await north.app.app.request('/export/catalogue.ndjson?id=nonsense');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.fieldErrors[0].path).toEqual(['id']);
  });

  it('a trusted source publishes directly: an edit at the origin becomes an edit here, published within one poll', async () => {
    const trusted = await south.cli('sources', 'trust', 'north', '--by', south.cast.emails.adminB);
    expect(trusted.code).toBe(0);
    const head = await north.app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { id } } }`,
      { id: riverside.id },
      north.cast.as.editorA,
    );
    const edit = await updateOrg(north.app, north.cast.as.editorA, riverside.id, head.body.data.revisions.nodes[0].id, {
      description: 'Runs the riverside assemblies and the data trust.',
    });
    const submitted = await move(north.app, north.cast.as.editorA, 'submit', riverside.id, edit.revision.id);
    await move(north.app, north.cast.as.reviewerB, 'approve', riverside.id, submitted.revision.id);
    const synced = await south.cli('sources', 'sync', 'north');
    expect(synced.out).toMatch(/0 new, 1 changed, 0 unchanged, 0 already here; 1 published \(trusted\)/);
    expect(await publicOrganisation(south, 'riverside-trust')).toMatchObject({
      description: 'Runs the riverside assemblies and the data trust.',
    });
    expect((await south.cli('sources', 'sync', 'north')).out).toBe('north: nothing new.');
  });

  it('a rename at the origin renames here, and the old address redirects', async () => {
    const head = await north.app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { id } } }`,
      { id: riverside.id },
      north.cast.as.editorA,
    );
    const edit = await updateOrg(north.app, north.cast.as.editorA, riverside.id, head.body.data.revisions.nodes[0].id, {
      slug: 'riverside-data-trust',
    });
    const submitted = await move(north.app, north.cast.as.editorA, 'submit', riverside.id, edit.revision.id);
    await move(north.app, north.cast.as.reviewerB, 'approve', riverside.id, submitted.revision.id);
    await south.cli('sources', 'sync', 'north');
    expect(await publicOrganisation(south, 'riverside-data-trust')).toMatchObject({ name: 'Riverside Trust' });
    const old = await south.app.app.request('/organisations/riverside-trust');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/organisations/riverside-data-trust');
  });

  it('references map to the entry synced from the same source, else by slug, else are left out with a note', async () => {
    // A topic only north has: topics are never created from a source (the taxonomy is shared), so it is left out.
    const topic = await mutate(
      north.app,
      'createTopic(input: $input)',
      '$input: TopicInput!',
      { input: { label: 'River health' } },
      north.cast.as.adminA,
    );
    const topicSubmitted = await move(north.app, north.cast.as.adminA, 'submit', topic.entryId, topic.revision.id);
    await move(north.app, north.cast.as.adminB, 'approve', topic.entryId, topicSubmitted.revision.id);
    const study = await mutate(
      north.app,
      'createCaseStudy(input: $input)',
      '$input: CaseStudyInput!',
      {
        input: {
          title: 'Riverside citizens jury',
          organisations: [
            { organisation: 'riverside-data-trust', role: 'CONVENER' },
            { organisation: north.cast.orgs.partnerP.slug, role: 'COLLABORATOR' },
          ],
          topics: ['river-health'],
        },
      },
      north.cast.as.editorA,
    );
    const submitted = await move(north.app, north.cast.as.editorA, 'submit', study.entryId, study.revision.id);
    await move(north.app, north.cast.as.reviewerB, 'approve', study.entryId, submitted.revision.id);
    // A parent and its child new in the same poll: the child finds the parent's copy.
    await publishOrg(north.app, north.cast.as.editorA, north.cast.as.reviewerB, { name: 'Estuary Network', kind: 'NETWORK' });
    await publishOrg(north.app, north.cast.as.editorA, north.cast.as.reviewerB, {
      name: 'Estuary Youth Panel',
      kind: 'OTHER',
      parent: 'estuary-network',
    });
    expect((await south.cli('sources', 'sync', 'north')).out).toMatch(/3 new, 0 changed/);
    const child = await south.app.graphql(`{ organisation(slug: "estuary-youth-panel") { parent { slug } } }`);
    expect(child.body.data.organisation.parent).toEqual({ slug: 'estuary-network' });
    const res = await south.app.graphql(
      `{ caseStudy(slug: "riverside-citizens-jury") { title organisations(first: 5) { edges { node { slug } role } } } }`,
    );
    // Partner P's copy came in the first snapshot and still awaits review here, so only the published one shows.
    expect(res.body.data.caseStudy.organisations.edges).toEqual([{ node: { slug: 'riverside-data-trust' }, role: 'CONVENER' }]);
  });

  it('a change inside a list (an organisation’s role on a case study) is a change here', async () => {
    const study = await north.app.graphql(`{ caseStudy(slug: "riverside-citizens-jury") { id } }`);
    const id = study.body.data.caseStudy.id;
    const head = await north.app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { id } } }`,
      { id },
      north.cast.as.editorA,
    );
    const edit = await mutate(
      north.app,
      'updateCaseStudy(id: $id, baseRevisionId: $base, input: $input)',
      '$id: ID!, $base: ID, $input: CaseStudyInput!',
      {
        id,
        base: head.body.data.revisions.nodes[0].id,
        input: {
          organisations: [
            { organisation: 'riverside-data-trust', role: 'FUNDER' },
            { organisation: north.cast.orgs.partnerP.slug, role: 'COLLABORATOR' },
          ],
        },
      },
      north.cast.as.editorA,
    );
    const submitted = await move(north.app, north.cast.as.editorA, 'submit', id, edit.revision.id);
    await move(north.app, north.cast.as.reviewerB, 'approve', id, submitted.revision.id);
    expect((await south.cli('sources', 'sync', 'north')).out).toMatch(/0 new, 1 changed/);
    const res = await south.app.graphql(
      `{ caseStudy(slug: "riverside-citizens-jury") { organisations(first: 5) { edges { node { slug } role } } } }`,
    );
    expect(res.body.data.caseStudy.organisations.edges).toEqual([{ node: { slug: 'riverside-data-trust' }, role: 'FUNDER' }]);
  });

  it('archiving at the origin archives here within one poll', async () => {
    const head = await north.app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { id } } }`,
      { id: riverside.id },
      north.cast.as.editorA,
    );
    await move(north.app, north.cast.as.editorA, 'archive', riverside.id, head.body.data.revisions.nodes[0].id);
    const synced = await south.cli('sources', 'sync', 'north');
    expect(synced.out).toMatch(/1 archived/);
    expect(await publicOrganisation(south, 'riverside-data-trust')).toBeNull();
    expect((await south.app.app.request('/organisations/riverside-data-trust')).status).toBe(404);
  });

  it('resync reads the whole snapshot again: what it holds is recognised unchanged, nothing is copied twice or revived', async () => {
    const queueBefore = (await reviewQueue(south)).length;
    const copies = async () => /north\t.*\t(\d+) entries/.exec((await south.cli('sources', 'list')).out)![1];
    const copiesBefore = await copies();
    const resynced = await south.cli('sources', 'resync', 'north');
    expect(resynced.code).toBe(0);
    // The feed had nothing new, so only a snapshot read can find anything unchanged (a feed poll says "nothing new").
    // One change: the case study still names Riverside at north, but Riverside's copy here was archived, so that
    // reference now maps to nothing and is left out (the feed poll never looked at the case study: it did not change).
    expect(resynced.out).toMatch(
      /north: 0 new, 1 changed, [1-9]\d* unchanged, 2 already here; 1 published \(trusted\), 0 submitted for review; 0 archived, 0 withdrawn\./,
    );
    expect((await south.cli('sources', 'sync', 'north')).out).toBe('north: nothing new.');
    expect((await reviewQueue(south)).length).toBe(queueBefore);
    expect(await copies()).toBe(copiesBefore);
    expect((await south.app.app.request('/organisations/riverside-data-trust')).status).toBe(404);
  });
});

describe('two directories following each other', () => {
  it('after several polls each side has exactly one copy of each entry, and nothing bounces back', async () => {
    await createOrg(south.app, south.cast.as.editorA, { name: 'Southern Panel', slug: 'southern-panel', kind: 'OTHER' }).then((c) =>
      move(south.app, south.cast.as.editorA, 'submit', c.entryId, c.revision.id).then((s) =>
        move(south.app, south.cast.as.reviewerB, 'approve', c.entryId, s.revision.id),
      ),
    );
    expect(
      (await north.cli('sources', 'add', 'south', south.url, '--as', hostSlug(north), '--trusted-by', north.cast.emails.adminB)).code,
    ).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect((await north.cli('sources', 'sync', 'south')).code).toBe(0);
      expect((await south.cli('sources', 'sync', 'north')).code).toBe(0);
    }
    const copies = async (d: Directory, slugPrefix: string) => {
      const res = await d.app.graphql(`{ organisations(first: 100) { nodes { slug } } }`);
      return (res.body.data.organisations.nodes as { slug: string }[]).filter((n) => n.slug.startsWith(slugPrefix));
    };
    expect(await copies(north, 'southern-panel')).toEqual([{ slug: 'southern-panel' }]);
    expect(await copies(south, 'southern-panel')).toEqual([{ slug: 'southern-panel' }]);
    // What north brought from south is not in north's snapshot, so south never receives its own entry back.
    expect((await snapshotRows(north)).some((r) => r.slug === 'southern-panel')).toBe(false);
    const listed = await south.cli('sources', 'list');
    expect(listed.out).toMatch(/^north\t/);
    expect(listed.out).not.toMatch(/last error/);
    expect((await north.cli('sources', 'sync', 'south')).out).toBe('south: nothing new.');
    // The poller main.ts starts takes the same path, for every source due (an hour on, both are).
    const poller = createSyncPoller({
      handle: north.app.handle,
      logger: createLogger('silent'),
      policy: sourceUrlPolicyOf(north.app.config),
      pollMinutes: north.app.config.SYNC_POLL_MINUTES,
      clock: () => new Date(Date.now() + 60 * 60_000),
    });
    expect(await poller.pollDue()).toEqual([expect.objectContaining({ name: 'south', status: 'not_modified' })]);
    expect(await poller.pollDue()).toEqual([]);
    poller.start();
    await poller.stop();
    expect(await copies(north, 'southern-panel')).toEqual([{ slug: 'southern-panel' }]);
  });
});

describe('a source in trouble', () => {
  const attempt = async (mode: typeof broken.mode) => {
    broken.mode = mode;
    const before = (await south.app.graphql(`{ reviewQueue(first: 100) { totalCount } }`, {}, south.cast.as.reviewerB)).body.data;
    const r = await south.cli('sources', 'sync', 'broken');
    const after = (await south.app.graphql(`{ reviewQueue(first: 100) { totalCount } }`, {}, south.cast.as.reviewerB)).body.data;
    expect(after).toEqual(before);
    return r;
  };

  it('garbage, a 500 and a half-broken snapshot each give a clear recorded error and write nothing', async () => {
    expect((await south.cli('sources', 'add', 'broken', broken.url, '--as', hostSlug(south))).code).toBe(0);
    expect(await attempt('garbage')).toEqual({ code: 1, out: expect.stringContaining('line 1 is not JSON') });
    expect(await attempt('500')).toEqual({ code: 1, out: expect.stringContaining("The source's server answered 500.") });
    expect(await attempt('half')).toEqual({ code: 1, out: expect.stringContaining('line 3 is not JSON') });
    const listed = await south.cli('sources', 'list');
    expect(listed.out).toMatch(/broken\t.*last error: .*line 3 is not JSON/);
  });

  it('a source that does not answer in time fails the poll with the reason, and the other sources go on', async () => {
    broken.mode = 'slow';
    const poller = createSyncPoller({
      handle: south.app.handle,
      logger: createLogger('silent'),
      policy: sourceUrlPolicyOf(south.app.config),
      pollMinutes: south.app.config.SYNC_POLL_MINUTES,
      clock: () => new Date(Date.now() + 2 * 60 * 60_000),
      timeoutMs: 300,
    });
    const outcomes = await poller.pollDue();
    expect(outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'broken', status: 'failed', error: 'No answer within 0.3 s.' }),
        expect.objectContaining({ name: 'north', status: 'not_modified' }),
      ]),
    );
    expect((await south.cli('sources', 'list')).out).toMatch(/broken\t.*last error: No answer within 0.3 s\./);
  });

  it('refuses what it cannot follow with a clear message', async () => {
    await expect(south.cli('sources', 'add', 'Bad Name', broken.url, '--as', hostSlug(south))).rejects.toThrow(/Invalid input|lower-case/);
    await expect(south.cli('sources', 'add', 'far', 'http://169.254.169.254', '--as', hostSlug(south))).rejects.toMatchObject({
      fieldErrors: [{ path: ['base-url'], message: expect.stringMatching(/reserved address/) }],
    });
    // Without SYNC_ALLOW_HTTP (the default; these tests turn it on for their loopback servers), http is refused by name.
    const httpsOnly = { ...south.app.config, SYNC_ALLOW_HTTP: false };
    await expect(
      runSources(south.app.handle.db, httpsOnly, ['add', 'plain', 'http://example.org', '--as', hostSlug(south)], () => {}),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['base-url'], message: 'must be an https:// URL (this directory does not fetch other directories over http)' }],
    });
    await expect(south.cli('sources', 'trust', 'north', '--by', south.cast.emails.reviewerA)).rejects.toThrow(/Only host admins/);
    await expect(south.cli('sources', 'sync', 'nowhere')).rejects.toThrow(/No source is named "nowhere"/);
    expect(() => loadConfig({ SYNC_POLL_MINUTES: '0' })).toThrow(/SYNC_POLL_MINUTES/);
  });
});

describe('the matrix for sources', () => {
  const actor = (role: MemberRole, o: { accountId?: number; organisationId?: number } = {}): Actor => ({
    accountId: o.accountId ?? 1,
    organisationId: o.organisationId ?? 10,
    tokenId: null,
    role,
    isHost: ['admin', 'editor', 'reviewer'].includes(role),
    scopes: new Set(scopesForRole[role]),
  });
  const trustedBy = { accountId: 1, organisationId: 30, isHost: true, isHostAdmin: true };
  const writer = actor('editor', { accountId: 2 });
  const publish = (type: EntryType, from?: 'calendar' | 'directory') =>
    ({ kind: 'entry.publish_trusted', type, maintainers: [10], trustedBy, hostCount: 2, ...(from ? { from } : {}) }) as const;
  const cases: [string, Actor, Parameters<typeof decide>[1], boolean][] = [
    ['a trusted directory’s organisation is published by its writer', writer, publish('organisation', 'directory'), true],
    ['and its case study', writer, publish('caseStudy', 'directory'), true],
    ['not its topic: the taxonomy is shared', actor('admin', { accountId: 2 }), publish('topic', 'directory'), false],
    ['a calendar still brings only events', writer, publish('organisation', 'calendar'), false],
    ['and a calendar by default', writer, publish('organisation'), false],
    [
      'a host admin of another host trusts a host’s source',
      actor('admin', { organisationId: 30 }),
      { kind: 'source.trust', trusted: true, subscriber: { accountId: 2, organisationId: 10, isHost: true }, hostCount: 2 },
      true,
    ],
    [
      'not one of the same host, with two hosts',
      actor('admin', { accountId: 5 }),
      { kind: 'source.trust', trusted: true, subscriber: { accountId: 2, organisationId: 10, isHost: true }, hostCount: 2 },
      false,
    ],
    [
      'nor the writer',
      actor('admin', { accountId: 2 }),
      { kind: 'source.trust', trusted: true, subscriber: { accountId: 2, organisationId: 10, isHost: true }, hostCount: 1 },
      false,
    ],
    [
      'nor a host reviewer',
      actor('reviewer', { organisationId: 30 }),
      { kind: 'source.trust', trusted: true, subscriber: { accountId: 2, organisationId: 10, isHost: true }, hostCount: 2 },
      false,
    ],
  ];
  it.each(cases)('%s', (_name, a, action, allowed) => {
    expect(decide(a, action).allowed).toBe(allowed);
  });
});
