// GET /export/catalogue.ndjson, and a follower that knows only the documented endpoints: snapshot, then poll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../seed/load.ts';
import { describeDatabase } from './support/database.ts';
import { eventually } from './support/eventually.ts';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, mutate, publishOrg, updateOrg } from './support/editorial-mutations.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
  // As `npm run seed` loads it: the seed catalogue is published without the workflow.
  await seedCatalogue(app.handle.db);
});
afterAll(() => app?.close());

type Line = { type: string; id: string; slug: string; fields: Record<string, any>; cursor?: string };

async function snapshot(): Promise<{ cursor: string; lines: Line[]; ms: number }> {
  const started = performance.now();
  const res = await app.app.request('/export/catalogue.ndjson');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  const text = await res.text();
  const ms = Math.round(performance.now() - started);
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
  expect(lines[0]).toMatchObject({ type: 'snapshot', cursor: res.headers.get('x-change-cursor') });
  return { cursor: lines[0]!.cursor!, lines: lines.slice(1), ms };
}

/** The public catalogue as the GraphQL API lists it to anyone: id -> slug and name. */
async function publicCatalogue(): Promise<Map<string, string>> {
  const lists = ['organisations', 'caseStudies', 'methods', 'topics', 'events(filter: { timeframe: ALL })'];
  const out = new Map<string, string>();
  for (const list of lists) {
    const field = list.split('(')[0]!;
    const title = field === 'topics' ? 'label' : field === 'caseStudies' || field === 'events' ? 'title' : 'name';
    let after: string | null = null;
    do {
      const withArgs: string = list.includes('(')
        ? list.replace(')', ', first: 100, after: $after)')
        : `${list}(first: 100, after: $after)`;
      const res: { body: { data?: any; errors?: any[] } } = await app.graphql(
        `query($after: String) { l: ${withArgs} { nodes { id slug ${title} } pageInfo { hasNextPage endCursor } } }`,
        { after },
        anonymous,
      );
      expect(res.body.errors).toBeUndefined();
      for (const n of res.body.data.l.nodes) out.set(n.id, `${n.slug} ${n[title]}`);
      after = res.body.data.l.pageInfo.hasNextPage ? res.body.data.l.pageInfo.endCursor : null;
    } while (after);
  }
  return out;
}

/** What a follower keeps of an entry: slug and name (event series have no public list to compare with). */
const keep = (type: string, slug: string, fields: Record<string, any>) =>
  type === 'EventSeries' ? null : `${slug} ${fields.name ?? fields.title ?? fields.label}`;

/** Polls /changes from `since` to the end, applying each change: tombstones delete, anything else refetches the entry. */
async function follow(mirror: Map<string, string>, since: string): Promise<string> {
  let next = since;
  for (;;) {
    const res = await app.app.request(`/changes?since=${next}&limit=3`);
    const body = (await res.json()) as { changes: any[]; next: string; has_more: boolean };
    for (const change of body.changes) {
      if (change.tombstone) {
        mirror.delete(change.id);
        continue;
      }
      const got = await app.graphql(
        `query($id: ID!) { node(id: $id) { ... on Organisation { slug name } ... on CaseStudy { slug title } ... on Method { slug name } ... on Event { slug title } ... on Topic { slug label } ... on EventSeries { slug } } }`,
        { id: change.id },
        anonymous,
      );
      const node = got.body.data.node;
      // Gone again since this change: a later change in the feed says so.
      if (!node) continue;
      const kept = keep(change.type, node.slug, node);
      if (kept) mirror.set(change.id, kept);
    }
    next = body.next;
    if (!body.has_more) return next;
  }
}

describe('the catalogue snapshot', () => {
  it('holds every published entry with its links, and the cursor it is consistent with', async () => {
    const { cursor, lines, ms } = await snapshot();
    expect([...new Set(lines.map((l) => l.type))].sort()).toEqual(['CaseStudy', 'Event', 'EventSeries', 'Method', 'Organisation', 'Topic']);
    const caseStudy = lines.find((l) => l.type === 'CaseStudy')!;
    expect(caseStudy.fields.topics.length).toBeGreaterThan(0);
    // Links name entries by global id, as the feed and node(id:) do.
    for (const topicId of caseStudy.fields.topics) expect(lines.some((l) => l.id === topicId)).toBe(true);
    // Nothing has changed since: polling from its cursor finds nothing.
    const after = (await (await app.app.request(`/changes?since=${cursor}`)).json()) as any;
    expect(after.changes).toEqual([]);
    console.info(`snapshot of the seed catalogue on ${describeDatabase()}: ${lines.length} entries in ${ms} ms`);
  });

  it('never holds a draft, a submission or an archived entry', async () => {
    const draft = await createOrg(app, cast.as.editorA, { slug: 'snap-draft', name: 'Snap Draft', kind: 'CHARITY' });
    await move(app, cast.as.editorA, 'submit', draft.entryId, draft.revision.id);
    const { created, published } = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, {
      slug: 'snap-gone',
      name: 'Gone',
      kind: 'CHARITY',
    });
    await move(app, cast.as.editorA, 'archive', created.entryId, published.revision.id);
    const { lines } = await snapshot();
    expect(lines.map((l) => l.slug)).not.toContain('snap-draft');
    expect(lines.map((l) => l.slug)).not.toContain('snap-gone');
  });
});

describe('a follower of the documented endpoints', () => {
  it('ends with exactly the public catalogue after a snapshot and a scripted series of changes, some made while it read', async () => {
    // Some writes race the snapshot: whichever side of its cursor they fall, the follower sees each once.
    const racing = publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'race-one', name: 'Race One', kind: 'CHARITY' });
    const [snap] = await Promise.all([snapshot(), racing]);
    const mirror = new Map<string, string>();
    for (const l of snap.lines) {
      const kept = keep(l.type, l.slug, l.fields);
      if (kept) mirror.set(l.id, kept);
    }
    const seededOrg = snap.lines.find((l) => l.type === 'Organisation' && l.slug !== cast.orgs.hostA.slug && l.slug !== 'race-one')!;
    const seededCaseStudy = snap.lines.find((l) => l.type === 'CaseStudy')!;

    // The script: creates, edits, renames, archives (the directory's unpublishing), a return, drafts that stay drafts.
    const a = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'follow-a', name: 'Follow A', kind: 'CHARITY' });
    const b = await publishOrg(app, cast.as.editorB, cast.as.reviewerA, { slug: 'follow-b', name: 'Follow B', kind: 'CHARITY' });
    await createOrg(app, cast.as.editorA, { slug: 'follow-draft', name: 'Follow Draft', kind: 'CHARITY' });
    const approve = async (id: string, base: string | null, input: Record<string, unknown>) => {
      const updated = await updateOrg(app, cast.as.editorA, id, base, input);
      const submitted = await move(app, cast.as.editorA, 'submit', id, updated.revision.id);
      return move(app, cast.as.reviewerB, 'approve', id, submitted.revision.id);
    };
    const aEdited = await approve(a.created.entryId, a.published.revision.id, { name: 'Follow A, edited' });
    const renamedSeed = await approve(seededOrg.id, null, { slug: `${seededOrg.slug}-renamed` });
    expect(renamedSeed.slug).toBe(`${seededOrg.slug}-renamed`);
    const bArchived = await move(app, cast.as.editorA, 'archive', b.created.entryId, b.published.revision.id);
    await move(app, cast.as.editorA, 'archive', seededCaseStudy.id, null);
    // Concurrent with a poll: the poll reads a consistent prefix and the next one picks up the rest.
    const [since] = await Promise.all([
      follow(mirror, snap.cursor),
      approve(a.created.entryId, aEdited.revision.id, { slug: 'follow-a-renamed', name: 'Follow A, renamed' }),
      approve(b.created.entryId, bArchived.revision.id, { name: 'Follow B, back' }),
    ]);
    await follow(mirror, since);

    const expected = await publicCatalogue();
    expect(new Map([...mirror].sort())).toEqual(new Map([...expected].sort()));
    expect([...expected.values()]).toEqual(expect.arrayContaining(['follow-a-renamed Follow A, renamed', 'follow-b Follow B, back']));
    expect([...expected.keys()]).not.toContain(seededCaseStudy.id);
  });
});

describe('links to entries that are not public', () => {
  it('are left out, never named by id', async () => {
    const hidden = await createOrg(app, cast.as.contributorP, { slug: 'draft-organiser', name: 'Draft organiser', kind: 'CHARITY' });
    const shown = await publishOrg(app, cast.as.contributorP, cast.as.reviewerA, {
      slug: 'shown-organiser',
      name: 'Shown',
      kind: 'CHARITY',
    });
    const created = await mutate(
      app,
      'createEvent(input: $input)',
      '$input: EventInput!',
      {
        input: {
          title: 'Organised by a draft too',
          startsAt: '2031-01-01T10:00:00Z',
          format: 'ONLINE',
          organisers: [
            { organisation: 'draft-organiser', role: 'ORGANISER' },
            { organisation: 'shown-organiser', role: 'PARTNER' },
          ],
        },
      },
      cast.as.contributorP,
    );
    expect(created.__typename).toBe('EditResult');
    const submitted = await move(app, cast.as.contributorP, 'submit', created.entryId, created.revision.id);
    expect((await move(app, cast.as.reviewerA, 'approve', created.entryId, submitted.revision.id)).__typename).toBe('EditResult');

    const { lines } = await snapshot();
    const event = lines.find((l) => l.slug === 'organised-by-a-draft-too')!;
    expect(event.fields.organisers).toEqual([{ id: shown.created.entryId, role: 'partner' }]);
    expect(JSON.stringify(lines)).not.toContain(hidden.entryId);
  });
});

describe('snapshots read at once', () => {
  it('are few: one more than the limit answers 503 with Retry-After, and the slot frees when a download ends', async () => {
    if (app.handle.kind === 'pglite') {
      // One at a time on the embedded database, read eagerly: the slot frees as soon as the reading is done.
      for (let i = 0; i < 3; i++) {
        const res = await app.app.request('/export/catalogue.ndjson');
        expect(res.status).toBe(200);
        await res.text();
      }
      return;
    }
    // On PostgreSQL a download holds a pooled connection while its client reads: two left unread fill the slots.
    const held = [await app.app.request('/export/catalogue.ndjson'), await app.app.request('/export/catalogue.ndjson')];
    expect(held.map((r) => r.status)).toEqual([200, 200]);
    const refused = await app.app.request('/export/catalogue.ndjson');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    for (const r of held) await r.text();
    await eventually(async () => {
      const res = await app.app.request('/export/catalogue.ndjson');
      await res.body?.cancel();
      return res.status === 200;
    });
  });
});
