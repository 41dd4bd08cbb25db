// Parallel conflicting edits through app.request: exactly one winner per base revision, and every loser told where the entry now stands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDatabase } from './support/database.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, mutate, updateOrg } from './support/editorial-mutations.ts';
import { createTopic } from '../seed/factories.ts';
import { partnerEditsEvent } from '../bench/operations.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app?.close());

const PARALLEL = 24;
const ROUNDS = 5;

describe('conflicting updates sent at once', () => {
  it(`leave one winner per base revision over ${ROUNDS} rounds of ${PARALLEL} requests`, async () => {
    const created = await createOrg(app, cast.as.editorA, { slug: 'contested-org', name: 'Contested', kind: 'CHARITY' });
    let base: string = created.revision.id;
    const editors = [cast.as.editorA, cast.as.editorB, cast.as.adminA, cast.as.adminB];
    let winners = 0;
    let losers = 0;
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          updateOrg(app, editors[i % editors.length]!, created.entryId, base, { description: `round ${round} writer ${i}` }),
        ),
      );
      const won = results.filter((r) => r.__typename === 'EditResult');
      const lost = results.filter((r) => r.__typename === 'Conflict');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(PARALLEL - 1);
      // Every loser is told the revision that won, so it can rebase on it.
      for (const l of lost) expect(l.currentRevision?.id).toBe(won[0].revision.id);
      winners += won.length;
      losers += lost.length;
      base = won[0].revision.id;
    }
    const ms = Math.round(performance.now() - started);

    const history = await app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 100) { nodes { id baseRevisionId } } }`,
      { id: created.entryId },
      cast.as.editorA,
    );
    const nodes = history.body.data.revisions.nodes as { id: string; baseRevisionId: string | null }[];
    // A straight line: create plus one revision per round, each based on the one before.
    expect(nodes).toHaveLength(ROUNDS + 1);
    for (let i = 0; i < nodes.length - 1; i++) expect(nodes[i]!.baseRevisionId).toBe(nodes[i + 1]!.id);
    console.info(
      `editorial concurrency on ${describeDatabase()}: ${ROUNDS * PARALLEL} requests in ${ROUNDS} rounds of ${PARALLEL}; ${winners} winners, ${losers} losers told the winning revision; ${ms} ms`,
    );
  });
});

describe('different decisions on the same submission at once', () => {
  it('let exactly one of approve, request changes, reject, withdraw and update through', async () => {
    const created = await createOrg(app, cast.as.contributorP, { slug: 'contested-review', name: 'Contested review', kind: 'OTHER' });
    const submitted = await app.graphql(
      `mutation($id: ID!, $b: ID) { submit(id: $id, baseRevisionId: $b) { ... on EditResult { revision { id } } } }`,
      { id: created.entryId, b: created.revision.id },
      cast.as.contributorP,
    );
    const base = submitted.body.data.submit.revision.id;
    const decide = (field: string, headers: Record<string, string>, extra = '') =>
      app.graphql(
        `mutation($id: ID!, $b: ID) { r: ${field}(id: $id, baseRevisionId: $b${extra}) { __typename } }`,
        { id: created.entryId, b: base },
        headers,
      );
    const results = await Promise.all([
      decide('approve', cast.as.reviewerA),
      decide('requestChanges', cast.as.reviewerB, ', reason: "More detail"'),
      decide('reject', cast.as.adminA, ', reason: "No"'),
      decide('withdraw', cast.as.contributorP),
      updateOrg(app, cast.as.contributorP, created.entryId, base, { description: 'late edit' }).then((r) => ({ body: { data: { r } } })),
    ]);
    const kinds = results.map((r) => r.body.data.r.__typename).sort();
    expect(kinds).toEqual(['Conflict', 'Conflict', 'Conflict', 'Conflict', 'EditResult']);
  });
});

describe('two partner edits of one event at the same base revision', () => {
  it('let one through, re-tagged, and answer the other Conflict with the winning revision', async () => {
    const [a, b, c] = [
      await createTopic({ db: app.handle.db }),
      await createTopic({ db: app.handle.db }),
      await createTopic({ db: app.handle.db }),
    ];
    const ev = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      { i: { slug: 'raced-event', title: 'Raced', startsAt: '2030-01-01T10:00:00Z', format: 'ONLINE', topics: [a.slug] } },
      cast.as.contributorP,
    );
    // The benchmark's document, sent twice at once on the same base: the row lock queues them, and the second reads
    // the head only once it holds the lock, so it sees the first one's revision.
    const edit = (topic: string, description: string) =>
      app.graphql(
        partnerEditsEvent,
        { id: ev.entryId, base: ev.revision.id, input: { description, topics: [topic] } },
        cast.as.contributorP,
      );
    const results = (await Promise.all([edit(b.slug, 'First'), edit(c.slug, 'Second')])).map((r) => r.body.data.updateEvent);
    const won = results.filter((r) => r.__typename === 'EditResult');
    const lost = results.filter((r) => r.__typename === 'Conflict');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].currentRevision.id).toBe(won[0].revision.id);
    const history = await app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 10) { nodes { id snapshot } } }`,
      { id: ev.entryId },
      cast.as.contributorP,
    );
    const nodes = history.body.data.revisions.nodes;
    expect(nodes.map((n: { id: string }) => n.id)).toEqual([won[0].revision.id, ev.revision.id]);
    const winner = won[0].revision.baseDiff.find((d: { field: string }) => d.field === 'topics');
    expect(winner).toBeDefined();
    expect(nodes[0].snapshot.topicIds).toHaveLength(1);
  });
});

describe('new entries racing for one slug', () => {
  it('let one through and tell the others the slug is taken', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createOrg(app, i % 2 ? cast.as.editorA : cast.as.contributorP, { slug: 'raced-slug', name: `Racer ${i}`, kind: 'OTHER' }),
      ),
    );
    const kinds = results.map((r) => r.__typename);
    expect(kinds.filter((k) => k === 'EditResult')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'InvalidInput')).toHaveLength(11);
    for (const r of results.filter((x) => x.__typename === 'InvalidInput')) expect(r.fieldErrors[0].path).toEqual(['input', 'slug']);
  });
});
