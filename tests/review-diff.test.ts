// Reviews show the change: a submitted edit is diffed against the published entry, links by slug and label, on the queue, the history and the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { diffForReview } from '../src/modules/editorial/review-diff.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { move, mutate } from './support/editorial-mutations.ts';
import { idOf } from './support/graphql.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app?.close());

/** A topic in the shared taxonomy, as hosts make one: host A's admin proposes, host B's admin approves. */
async function topic(slug: string, label: string) {
  const c = await mutate(app, 'createTopic(input: $i)', '$i: TopicInput!', { i: { slug, label } }, cast.as.adminA);
  const s = await move(app, cast.as.adminA, 'submit', c.entryId, c.revision.id);
  expect((await move(app, cast.as.adminB, 'approve', c.entryId, s.revision.id)).publicationState).toBe('PUBLISHED');
}

const climate = { slug: 'climate-data', label: 'Climate data' };
const health = { slug: 'health-data', label: 'Health data' };

describe('the diff a reviewer sees', () => {
  let entryId: string;
  let published: string;
  let submitted: string;

  beforeAll(async () => {
    await topic(climate.slug, climate.label);
    await topic(health.slug, health.label);
    const c = await mutate(
      app,
      'createCaseStudy(input: $i)',
      '$i: CaseStudyInput!',
      {
        i: {
          slug: 'jury-on-data',
          title: 'A citizens’ jury on data',
          summary: 'Twelve residents, four days.',
          topics: [climate.slug],
          organisations: [{ organisation: cast.orgs.partnerP.slug, role: 'CONVENER' }],
        },
      },
      cast.as.contributorP,
    );
    entryId = c.entryId;
    const s = await move(app, cast.as.contributorP, 'submit', entryId, c.revision.id);
    published = (await move(app, cast.as.reviewerA, 'approve', entryId, s.revision.id)).revision.id;
    const u = await mutate(
      app,
      'updateCaseStudy(id: $id, baseRevisionId: $b, input: $i)',
      '$id: ID!, $b: ID, $i: CaseStudyInput!',
      { id: entryId, b: published, i: { title: 'A citizens’ jury on health data', topics: [health.slug] } },
      cast.as.contributorP,
    );
    submitted = (await move(app, cast.as.contributorP, 'submit', entryId, u.revision.id)).revision.id;
  });

  const expected = [
    { field: 'title', before: 'A citizens’ jury on data', after: 'A citizens’ jury on health data' },
    { field: 'topics', before: [climate], after: [health] },
  ];

  it('on the review queue: exactly the fields the submission changes from the published entry, topics by slug and label', async () => {
    const res = await app.graphql(
      `{ reviewQueue(first: 50) { totalCount nodes { id entryId action diff { field before after } } } }`,
      {},
      cast.as.reviewerB,
    );
    const queue = res.body.data.reviewQueue;
    const ours = queue.nodes.filter((n: { entryId: string }) => n.entryId === entryId);
    expect(ours).toEqual([{ id: submitted, entryId, action: 'SUBMIT', diff: expected }]);
    expect(queue.totalCount).toBe(queue.nodes.length);
  });

  it('on the history: each revision against the published state it was written over; baseDiff against its base', async () => {
    const res = await app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 10) { totalCount nodes { action diff { field before after } baseDiff { field } } } }`,
      { id: entryId },
      cast.as.contributorP,
    );
    const { totalCount, nodes } = res.body.data.revisions;
    expect(totalCount).toBe(5);
    expect(nodes.map((n: { action: string }) => n.action)).toEqual(['SUBMIT', 'UPDATE', 'APPROVE', 'SUBMIT', 'CREATE']);
    const [submit, update, approve, , create] = nodes;
    expect(submit).toEqual({ action: 'SUBMIT', diff: expected, baseDiff: [] });
    expect(update).toEqual({ action: 'UPDATE', diff: expected, baseDiff: [{ field: 'title' }, { field: 'topics' }] });
    // Never published before: everything the case study has, organisations with their role, no ids anywhere.
    expect(create.diff).toEqual(approve.diff);
    expect(create.diff).toContainEqual({
      field: 'organisations',
      before: [],
      after: [{ slug: cast.orgs.partnerP.slug, label: 'Partner P', role: 'convener' }],
    });
    expect(create.diff).toContainEqual({ field: 'topics', before: [], after: [climate] });
    expect(JSON.stringify(nodes)).not.toMatch(/Ids|Roles|"id"/);
  });

  it('as a service the console calls: the pending change against the published entry, for those who may read the history', async () => {
    const verify = createTokenVerifier({ db: app.handle.db });
    const reviewer = await verify(cast.as.reviewerB.authorization!.slice('Bearer '.length), { requestId: 'test' });
    const review = await diffForReview({ db: app.handle.db, viewer: reviewer, type: 'caseStudy', entryId: idOf(entryId) });
    expect(review?.diff).toEqual(expected);
    expect(review?.revision.state).toBe('submitted');

    const outsider = await verify(cast.as.contributorQ.authorization!.slice('Bearer '.length), { requestId: 'test' });
    await expect(diffForReview({ db: app.handle.db, viewer: outsider, type: 'caseStudy', entryId: idOf(entryId) })).rejects.toThrow(
      /Only hosts and the organisations maintaining this entry/,
    );
    await expect(diffForReview({ db: app.handle.db, viewer: null, type: 'caseStudy', entryId: idOf(entryId) })).rejects.toThrow();
  });

  it('counts the entries a partner maintains, as other connections do', async () => {
    const res = await app.graphql(
      `{ maintainedEntries(first: 1, state: SUBMITTED) { totalCount nodes { entryId } } }`,
      {},
      cast.as.contributorP,
    );
    const all = await app.graphql(`{ maintainedEntries(first: 100, state: SUBMITTED) { nodes { entryId } } }`, {}, cast.as.contributorP);
    expect(res.body.data.maintainedEntries.nodes).toHaveLength(1);
    expect(res.body.data.maintainedEntries.totalCount).toBe(all.body.data.maintainedEntries.nodes.length);
    expect(res.body.data.maintainedEntries.totalCount).toBeGreaterThanOrEqual(1);
  });
});

describe('a write’s own answer', () => {
  /** The revision's diffs as a later read of it shows them, worked out from what is stored. */
  async function readBack(revisionId: string) {
    const res = await app.graphql(
      `query($id: ID!) { revision(id: $id) { diff { field before after } baseDiff { field before after } } }`,
      { id: revisionId },
      cast.as.contributorP,
    );
    return res.body.data.revision;
  }
  const answered = (r: { revision: { diff: unknown; baseDiff: unknown } }) => ({ diff: r.revision.diff, baseDiff: r.revision.baseDiff });

  it('shows the diffs the stored revision shows: on a published event, its links by slug, label and role, and on a revert', async () => {
    await topic('transport-data', 'Transport data');
    const c = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      {
        i: {
          slug: 'data-assembly',
          title: 'A data assembly',
          startsAt: '2031-03-01T10:00:00Z',
          format: 'ONLINE',
          topics: [climate.slug],
          organisers: [{ organisation: cast.orgs.partnerP.slug, role: 'HOST' }],
        },
      },
      cast.as.contributorP,
    );
    const s = await move(app, cast.as.contributorP, 'submit', c.entryId, c.revision.id);
    const approved = await move(app, cast.as.reviewerA, 'approve', c.entryId, s.revision.id);
    expect(approved.publicationState).toBe('PUBLISHED');
    // The answers' diffs are worked out by the write from what it read, not read back: they must agree with a read.
    const edit = await mutate(
      app,
      'updateEvent(id: $id, baseRevisionId: $b, input: $i)',
      '$id: ID!, $b: ID, $i: EventInput!',
      {
        id: c.entryId,
        b: approved.revision.id,
        i: {
          title: 'A transport data assembly',
          topics: ['transport-data', health.slug],
          organisers: [{ organisation: cast.orgs.partnerP.slug, role: 'PARTNER' }],
        },
      },
      cast.as.contributorP,
    );
    expect(edit.publicationState).toBe('PUBLISHED');
    expect(answered(edit)).toEqual(await readBack(edit.revision.id));
    expect(edit.revision.diff).toContainEqual({
      field: 'topics',
      before: [climate],
      after: [health, { slug: 'transport-data', label: 'Transport data' }],
    });
    expect(edit.revision.diff).toContainEqual({
      field: 'organisers',
      before: [{ slug: cast.orgs.partnerP.slug, label: 'Partner P', role: 'host' }],
      after: [{ slug: cast.orgs.partnerP.slug, label: 'Partner P', role: 'partner' }],
    });
    const res = await app.graphql(
      `mutation($r: ID!, $b: ID!) { r: revertTo(revisionId: $r, baseRevisionId: $b) {
        __typename ... on EditResult { revision { diff { field before after } baseDiff { field before after } } } } }`,
      { r: c.revision.id, b: edit.revision.id },
      cast.as.contributorP,
    );
    const reverted = res.body.data.r;
    expect(reverted.__typename).toBe('EditResult');
    // Back to the published content: nothing left to review, and the step undoes the edit.
    expect(reverted.revision.diff).toEqual([]);
    expect(reverted.revision.baseDiff.map((d: { field: string }) => d.field)).toEqual(['organisers', 'title', 'topics']);
    const [revision] = (
      await app.graphql(`query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { id } } }`, { id: c.entryId }, cast.as.contributorP)
    ).body.data.revisions.nodes;
    expect(answered(reverted)).toEqual(await readBack(revision.id));
  });
});
