// Editorial writes refused with typed results that say which field and why: invalid input, not found, conflicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, mutate, updateOrg } from './support/editorial-mutations.ts';
import { globalId } from './support/graphql.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app?.close());

const paths = (r: { fieldErrors: { path: string[] }[] }) => r.fieldErrors.map((e) => e.path.join('.')).sort();

describe('invalid input', () => {
  it('names every bad field of a new organisation', async () => {
    const r = await createOrg(app, cast.as.editorA, {
      slug: 'Not A Slug',
      name: '  ',
      website: 'ftp://x',
      country: 'United Kingdom',
      parent: 'no-such-org',
    });
    expect(r.__typename).toBe('InvalidInput');
    expect(paths(r)).toEqual(['input.country', 'input.name', 'input.parent', 'input.slug', 'input.website']);
    expect(r.fieldErrors.find((e: { path: string[] }) => e.path[1] === 'name').message).toBe('must not be empty');
    expect(r.fieldErrors.find((e: { path: string[] }) => e.path[1] === 'parent').message).toMatch(
      /no organisation has the slug "no-such-org"/,
    );
  });

  // A title is shown on one line beside others: a line break, an invisible control or a right-to-left override
  // would let it pass for something else ("invoice\u202Efdp.exe"), and a lone surrogate is not text at all.
  it.each([
    ['a line break', 'First line\r\nSecond line', /line breaks/],
    ['a C0 control', 'Bell\u0007', /control characters/],
    ['a C1 control', 'Escape \u009B31m red', /control characters/],
    ['a right-to-left override', 'Invoice \u202Efdp.exe', /bidirectional/],
    ['a directional isolate', 'Isolated \u2067text\u2069', /bidirectional/],
    ['a lone surrogate', 'Broken \uD800 text', /lone surrogate/],
  ])('refuses a name or title with %s, naming the field', async (_what, hostile, message) => {
    const org = await createOrg(app, cast.as.editorA, { name: hostile, kind: 'OTHER' });
    expect(org.__typename).toBe('InvalidInput');
    expect(org.fieldErrors).toEqual([{ path: ['input', 'name'], message: expect.stringMatching(message) }]);
    const event = await mutate(app, 'createEvent(input: $i)', '$i: EventInput!', { i: { title: hostile } }, cast.as.editorA);
    expect(event.fieldErrors).toEqual([{ path: ['input', 'title'], message: expect.stringMatching(message) }]);
    const link = await mutate(
      app,
      'createCaseStudy(input: $i)',
      '$i: CaseStudyInput!',
      { i: { title: 'Fine title', links: [{ url: 'https://example.org', label: hostile, kind: 'REPORT' }] } },
      cast.as.editorA,
    );
    expect(link.fieldErrors).toEqual([{ path: ['input', 'links', '0', 'label'], message: expect.stringMatching(message) }]);
  });

  it('keeps right-to-left scripts and emoji, which are text', async () => {
    const org = await createOrg(app, cast.as.editorA, { name: 'مختبر البيانات 🦄 Data Lab', kind: 'OTHER' });
    expect(org.__typename).toBe('EditResult');
  });

  it('refuses a member’s display name with a line break', async () => {
    const res = await app.graphql(
      `mutation($o: String!, $n: String) { inviteMember(organisation: $o, email: "display-name@example.org", role: CONTRIBUTOR, displayName: $n) { __typename ... on InvalidInput { fieldErrors { path message } } } }`,
      { o: cast.orgs.partnerP.slug, n: 'Eve\nAdmin' },
      cast.as.adminA,
    );
    expect(res.body.data.inviteMember).toEqual({
      __typename: 'InvalidInput',
      fieldErrors: [{ path: ['displayName'], message: expect.stringMatching(/line breaks/) }],
    });
  });

  it('saves a draft with its name alone, and names what it lacks when it is submitted', async () => {
    const draft = await createOrg(app, cast.as.editorA, { name: 'Only a name so far' });
    expect(draft.__typename).toBe('EditResult');
    expect(draft.slug).toBe('only-a-name-so-far');
    const refused = await move(app, cast.as.editorA, 'submit', draft.entryId, draft.revision.id);
    expect(refused.__typename).toBe('InvalidInput');
    expect(refused.fieldErrors).toEqual([{ path: ['input', 'kind'], message: 'is required before the entry can be submitted' }]);
    // Its editors read it through GraphQL: the field it lacks is null (never so on anything published).
    const read = (
      await app.graphql(`query ($id: ID!) { node(id: $id) { ... on Organisation { name kind } } }`, { id: draft.entryId }, cast.as.editorA)
    ).body;
    expect(read.errors).toBeUndefined();
    expect(read.data.node).toEqual({ name: 'Only a name so far', kind: null });
    const done = await updateOrg(app, cast.as.editorA, draft.entryId, draft.revision.id, { kind: 'CHARITY' });
    expect(done.__typename).toBe('EditResult');
    expect((await move(app, cast.as.editorA, 'submit', draft.entryId, done.revision.id)).__typename).toBe('EditResult');
  });

  it('saves a draft event without its time or format, which submitting asks for', async () => {
    const draft = await mutate(
      app,
      'createEvent(input: $input)',
      '$input: EventInput!',
      { input: { title: 'Draft event, date to come' } },
      cast.as.editorA,
    );
    expect(draft.__typename).toBe('EditResult');
    const refused = await move(app, cast.as.editorA, 'submit', draft.entryId, draft.revision.id);
    expect(paths(refused)).toEqual(['input.format', 'input.startsAt']);
  });

  it('refuses a slug another entry already has', async () => {
    await createOrg(app, cast.as.editorA, { slug: 'taken-slug', name: 'First', kind: 'OTHER' });
    const r = await createOrg(app, cast.as.editorB, { slug: 'taken-slug', name: 'Second', kind: 'OTHER' });
    expect(r.__typename).toBe('InvalidInput');
    expect(r.fieldErrors).toEqual([{ path: ['input', 'slug'], message: '"taken-slug" is already used by another Organisation' }]);
  });

  it('refuses renaming to a slug another entry has, and keeps the entry’s own slug free for itself', async () => {
    await createOrg(app, cast.as.editorA, { slug: 'rename-taken', name: 'Holder', kind: 'OTHER' });
    const c = await createOrg(app, cast.as.editorA, { slug: 'rename-mine', name: 'Renamer', kind: 'OTHER' });
    const r = await updateOrg(app, cast.as.editorA, c.entryId, c.revision.id, { slug: 'rename-taken' });
    expect(r.fieldErrors).toEqual([{ path: ['input', 'slug'], message: '"rename-taken" is already used by another Organisation' }]);
    const same = await updateOrg(app, cast.as.editorA, c.entryId, c.revision.id, { slug: 'rename-mine', name: 'Renamer, same slug' });
    expect(same.__typename).toBe('EditResult');
  });

  it('refuses approving a rename whose slug another entry took while it waited', async () => {
    const c = await createOrg(app, cast.as.editorA, { slug: 'waiting-rename', name: 'Waiting', kind: 'OTHER' });
    const published = await move(
      app,
      cast.as.reviewerB,
      'approve',
      c.entryId,
      (await move(app, cast.as.editorA, 'submit', c.entryId, c.revision.id)).revision.id,
    );
    const renamed = await updateOrg(app, cast.as.editorA, c.entryId, published.revision.id, { slug: 'wanted-slug' });
    const submitted = await move(app, cast.as.editorA, 'submit', c.entryId, renamed.revision.id);
    await createOrg(app, cast.as.editorB, { slug: 'wanted-slug', name: 'Quicker', kind: 'OTHER' });
    const r = await move(app, cast.as.reviewerB, 'approve', c.entryId, submitted.revision.id);
    expect(r.fieldErrors).toEqual([{ path: ['input', 'slug'], message: '"wanted-slug" is already used by another Organisation' }]);
  });

  it('checks rules that span fields on case studies and events', async () => {
    const cs = await mutate(
      app,
      'createCaseStudy(input: $i)',
      '$i: CaseStudyInput!',
      { i: { slug: 'cs-dates', title: 'Dates', startDate: '2024-05-01', endDate: '2024-04-01', evaluationUrl: 'https://e.example' } },
      cast.as.editorA,
    );
    expect(paths(cs)).toEqual(['input.endDate', 'input.evaluationUrl']);
    const ev = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      {
        i: {
          slug: 'ev-bad',
          title: 'Bad',
          format: 'ONLINE',
          startsAt: '2026-05-01T10:00:00Z',
          endsAt: '2026-05-01T09:00:00Z',
          timeZone: 'Mars/Olympus',
        },
      },
      cast.as.editorA,
    );
    expect(paths(ev)).toEqual(['input.endsAt', 'input.timeZone']);
    const long = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      { i: { slug: 'ev-long', title: 'Too long', format: 'ONLINE', startsAt: '2026-01-01T10:00:00Z', endsAt: '2027-03-01T10:00:00Z' } },
      cast.as.editorA,
    );
    expect(long.fieldErrors).toEqual([{ path: ['input', 'endsAt'], message: 'an event may run for at most 366 days' }]);
  });

  it('names unknown and repeated links by their position', async () => {
    const r = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      {
        i: {
          slug: 'ev-links',
          title: 'Links',
          format: 'ONLINE',
          startsAt: '2026-05-01T10:00:00Z',
          topics: ['no-such-topic'],
          organisers: [
            { organisation: cast.orgs.partnerP.slug, role: 'HOST' },
            { organisation: cast.orgs.partnerP.slug, role: 'FUNDER' },
          ],
        },
      },
      cast.as.contributorP,
    );
    expect(r.fieldErrors).toEqual([
      { path: ['input', 'organisers', '1'], message: `"${cast.orgs.partnerP.slug}" is listed twice` },
      { path: ['input', 'topics', '0'], message: 'no topic has the slug "no-such-topic"' },
    ]);
  });

  it('asks for a reason when changes are requested', async () => {
    const c = await createOrg(app, cast.as.contributorP, { slug: 'needs-reason', name: 'Reason', kind: 'OTHER' });
    const s = await move(app, cast.as.contributorP, 'submit', c.entryId, c.revision.id);
    const r = await move(app, cast.as.reviewerA, 'requestChanges', c.entryId, s.revision.id, '   ');
    expect(r.__typename).toBe('InvalidInput');
    expect(r.fieldErrors[0].path).toEqual(['reason']);
  });

  it('refuses ids that are not entry ids, or of the wrong type', async () => {
    const garbage = await updateOrg(app, cast.as.editorA, 'garbage', null, { name: 'x' });
    expect(garbage.fieldErrors).toEqual([{ path: ['id'], message: expect.stringMatching(/not the id of/) }]);
    const method = await updateOrg(app, cast.as.editorA, globalId('Method', 1), null, { name: 'x' });
    expect(method.fieldErrors).toEqual([{ path: ['id'], message: 'is not the id of a Organisation' }]);
    const q = await app.graphql(`{ revisions(entryId: "garbage", first: 5) { nodes { id } } }`, {}, cast.as.editorA);
    expect(q.body.errors![0].extensions.code).toBe('INVALID_INPUT');
  });

  it('bounds token scopes by the holder’s role, and roles by the kind of organisation', async () => {
    const t = await app.graphql(
      `mutation { createToken(input: { name: "x", scopes: [REVIEW] }) { __typename ... on InvalidInput { fieldErrors { path message } } } }`,
      {},
      cast.as.partnerAdminP,
    );
    expect(t.body.data.createToken.fieldErrors).toEqual([{ path: ['input', 'scopes'], message: 'a partner_admin cannot hold review' }]);
    const m = await app.graphql(
      `mutation($o: String!) { inviteMember(organisation: $o, email: "not-an-email", role: REVIEWER) { __typename ... on InvalidInput { fieldErrors { path } } } }`,
      { o: cast.orgs.partnerP.slug },
      cast.as.adminA,
    );
    expect(m.body.data.inviteMember.fieldErrors).toEqual([{ path: ['email'] }]);
    const r = await app.graphql(
      `mutation($o: String!) { inviteMember(organisation: $o, email: "x@example.org", role: REVIEWER) { __typename ... on InvalidInput { fieldErrors { path } } } }`,
      { o: cast.orgs.partnerP.slug },
      cast.as.adminA,
    );
    expect(r.body.data.inviteMember.fieldErrors).toEqual([{ path: ['role'] }]);
  });
});

describe('not found', () => {
  it('answers NotFound for an entry id that names nothing', async () => {
    const r = await updateOrg(app, cast.as.editorA, globalId('Organisation', 999_999), null, { name: 'x' });
    expect(r.__typename).toBe('NotFound');
  });
});

describe('conflicts', () => {
  it('refuses a stale base and names the current revision', async () => {
    const c = await createOrg(app, cast.as.editorA, { slug: 'stale-base', name: 'Stale', kind: 'OTHER' });
    const first = await updateOrg(app, cast.as.editorA, c.entryId, c.revision.id, { description: 'one' });
    const stale = await updateOrg(app, cast.as.editorB, c.entryId, c.revision.id, { description: 'two' });
    expect(stale.__typename).toBe('Conflict');
    expect(stale.currentRevision.id).toBe(first.revision.id);
    const noBase = await updateOrg(app, cast.as.editorB, c.entryId, null, { description: 'three' });
    expect(noBase.__typename).toBe('Conflict');
  });

  it('refuses a step the workflow does not allow', async () => {
    const c = await createOrg(app, cast.as.contributorP, { slug: 'not-submitted', name: 'Draft', kind: 'OTHER' });
    const r = await move(app, cast.as.reviewerA, 'approve', c.entryId, c.revision.id);
    expect(r.__typename).toBe('Conflict');
    expect(r.message).toMatch(/Cannot approve an entry whose current revision is draft/);
    expect(r.currentRevision.state).toBe('DRAFT');
  });

  it('keeps at least one admin in a host', async () => {
    const res = await app.graphql(
      `mutation($o: String!, $e: String!) { removeMember(organisation: $o, email: $e) { __typename } }`,
      { o: cast.orgs.hostB.slug, e: cast.emails.adminB },
      cast.as.adminB,
    );
    expect(res.body.data.removeMember.__typename).toBe('Conflict');
  });

  it('keeps at least one admin in a host when the only admin re-invites themselves in a lesser role', async () => {
    const invite = (email: string, role: string) =>
      app.graphql(
        `mutation($o: String!, $e: String!, $r: MemberRole!) { inviteMember(organisation: $o, email: $e, role: $r) { __typename ... on MutationError { message } ... on Membership { role } } }`,
        { o: cast.orgs.hostB.slug, e: email, r: role },
        cast.as.adminB,
      );
    const demoted = await invite(cast.emails.adminB, 'EDITOR');
    expect(demoted.body.data.inviteMember).toEqual({
      __typename: 'Conflict',
      message: 'A host keeps at least one admin: invite another admin first.',
    });
    // Still an admin: the refusal changed nothing, and the same person may still manage the host's members.
    expect((await invite(`second-admin-${Date.now()}@example.org`, 'ADMIN')).body.data.inviteMember.__typename).toBe('Membership');
  });
});
