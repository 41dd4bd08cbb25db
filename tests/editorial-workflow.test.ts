// The rest of the editorial workflow through app.request: every entry type, review queue, topics, renames, archive, revert, hosts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseStudyOrganisations } from '../schema/case-studies.ts';
import { eventOrganisers } from '../schema/events.ts';
import { createMethod, createTopic } from '../seed/factories.ts';
import { ENTRY_CHANGED_CHANNEL } from '../src/modules/catalogue/changes.ts';
import { currentSlugFor } from '../src/modules/catalogue/slug-redirects.ts';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, mutate, updateOrg } from './support/editorial-mutations.ts';
import { globalId, idOf } from './support/graphql.ts';

let app: TestApp;
let cast: Cast;
const heard: { type: string; id: number; slug?: string }[] = [];

beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
  const onChange = (payload: string) => heard.push(JSON.parse(payload));
  if (app.handle.pglite) await app.handle.pglite.listen(ENTRY_CHANGED_CHANNEL, onChange);
  else await app.handle.postgres!.listen(ENTRY_CHANGED_CHANNEL, onChange);
});
afterAll(() => app?.close());

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('every entry type', () => {
  const types = [
    {
      type: 'Organisation',
      input: { slug: 'type-org', name: 'Org', kind: 'CHARITY' },
      edit: { name: 'Org renamed' },
      query: 'organisation(slug: "type-org") { name }',
    },
    {
      type: 'Method',
      input: { slug: 'type-method', name: 'Method' },
      edit: { name: 'Method renamed' },
      query: 'method(slug: "type-method") { name }',
    },
    {
      type: 'CaseStudy',
      input: { slug: 'type-cs', title: 'Case', startDate: '2024-01-01', findings: ['One'] },
      edit: { title: 'Case renamed' },
      query: 'caseStudy(slug: "type-cs") { title }',
    },
    {
      type: 'Event',
      input: { slug: 'type-event', title: 'Event', startsAt: '2030-01-01T18:00:00+01:00', format: 'ONLINE' },
      edit: { title: 'Event renamed' },
      query: 'event(slug: "type-event") { title }',
    },
    {
      type: 'EventSeries',
      input: { slug: 'type-series', name: 'Series' },
      edit: { name: 'Series renamed' },
      query: 'eventSeries(slug: "type-series") { name }',
    },
  ];
  it.each(types)('$type: create, update, submit and approve, announcing each write', async (t) => {
    const before = heard.length;
    const c = await mutate(app, `create${t.type}(input: $i)`, `$i: ${t.type}Input!`, { i: t.input }, cast.as.contributorP);
    expect(c.__typename).toBe('EditResult');
    const u = await mutate(
      app,
      `update${t.type}(id: $id, baseRevisionId: $b, input: $i)`,
      `$id: ID!, $b: ID, $i: ${t.type}Input!`,
      { id: c.entryId, b: c.revision.id, i: t.edit },
      cast.as.contributorP,
    );
    expect(u.revision.baseDiff.map((d: { field: string }) => d.field)).toEqual(Object.keys(t.edit));
    const s = await move(app, cast.as.contributorP, 'submit', c.entryId, u.revision.id);
    const a = await move(app, cast.as.reviewerB, 'approve', c.entryId, s.revision.id);
    expect(a.publicationState).toBe('PUBLISHED');
    const pub = await app.graphql(`{ r: ${t.query} }`, {}, anonymous);
    expect(Object.values(pub.body.data.r)[0]).toBe(Object.values(t.edit)[0]);
    await settle();
    expect(heard.slice(before).filter((h) => h.slug === t.input.slug)).toHaveLength(4);
  });

  it('Topic: proposed by an admin, approved only by an admin of another host', async () => {
    const c = await mutate(
      app,
      'createTopic(input: $i)',
      '$i: TopicInput!',
      { i: { slug: 'civic-ai', label: 'Civic AI', aliases: ['public ai'] } },
      cast.as.adminA,
    );
    const s = await move(app, cast.as.adminA, 'submit', c.entryId, c.revision.id);
    expect((await move(app, cast.as.reviewerB, 'approve', c.entryId, s.revision.id)).__typename).toBe('Forbidden');
    expect((await move(app, cast.as.adminA, 'approve', c.entryId, s.revision.id)).__typename).toBe('Forbidden');
    const published = await move(app, cast.as.adminB, 'approve', c.entryId, s.revision.id);
    expect(published.publicationState).toBe('PUBLISHED');
    // Archiving would be a one-admin taxonomy change: refused.
    expect((await move(app, cast.as.adminA, 'archive', c.entryId, published.revision.id)).__typename).toBe('Forbidden');
  });
});

describe('links to other entries', () => {
  it('are proposed with the entry and reach the public only on approval', async () => {
    const topic = await createTopic({ db: app.handle.db, slug: 'link-topic' });
    await createTopic({ db: app.handle.db, slug: 'link-topic-2' });
    const method = await createMethod({ db: app.handle.db, slug: 'link-method' });
    const input = {
      slug: 'linked-case',
      title: 'Linked',
      topics: ['link-topic'],
      methods: ['link-method'],
      organisations: [
        { organisation: cast.orgs.partnerP.slug, role: 'CONVENER' },
        { organisation: cast.orgs.hostA.slug, role: 'FUNDER' },
      ],
    };
    const c = await mutate(app, 'createCaseStudy(input: $i)', '$i: CaseStudyInput!', { i: input }, cast.as.contributorP);
    // A new entry's diff is against the empty state; links by slug and label, never ids.
    expect(c.revision.diff.find((d: { field: string }) => d.field === 'topics').after).toEqual([
      { slug: 'link-topic', label: topic.label },
    ]);
    const p = await move(
      app,
      cast.as.reviewerA,
      'approve',
      c.entryId,
      (await move(app, cast.as.contributorP, 'submit', c.entryId, c.revision.id)).revision.id,
    );
    const read = `{ caseStudy(slug: "linked-case") { topics { nodes { slug } } methods { nodes { slug } } organisations { edges { role node { slug } } } } }`;
    const before = (await app.graphql(read, {}, anonymous)).body.data.caseStudy;
    expect(before.topics.nodes).toEqual([{ slug: 'link-topic' }]);
    expect(before.methods.nodes).toEqual([{ slug: method.slug }]);
    expect(before.organisations.edges).toHaveLength(2);

    const u = await mutate(
      app,
      'updateCaseStudy(id: $id, baseRevisionId: $b, input: $i)',
      '$id: ID!, $b: ID, $i: CaseStudyInput!',
      { id: c.entryId, b: p.revision.id, i: { topics: ['link-topic-2'], organisations: [] } },
      cast.as.contributorP,
    );
    expect(u.revision.baseDiff.map((d: { field: string }) => d.field)).toEqual(['organisations', 'topics']);
    const s = await move(app, cast.as.contributorP, 'submit', c.entryId, u.revision.id);
    expect((await app.graphql(read, {}, anonymous)).body.data.caseStudy.topics.nodes).toEqual([{ slug: 'link-topic' }]);
    await move(app, cast.as.reviewerB, 'approve', c.entryId, s.revision.id);
    const after = (await app.graphql(read, {}, anonymous)).body.data.caseStudy;
    expect(after.topics.nodes).toEqual([{ slug: 'link-topic-2' }]);
    expect(after.organisations.edges).toEqual([]);
  });
});

describe('a draft’s links', () => {
  // A draft's junction rows mirror its newest revision: each edit keeps, adds, drops and re-roles them exactly.
  const organisersOf = async (eventId: number) =>
    (
      await app.handle.db
        .select({ id: eventOrganisers.organisationId, role: eventOrganisers.role })
        .from(eventOrganisers)
        .where(eq(eventOrganisers.eventId, eventId))
    ).sort((a, b) => a.id - b.id);
  const caseStudyOrganisationsOf = async (caseStudyId: number) =>
    (
      await app.handle.db
        .select({ id: caseStudyOrganisations.organisationId, role: caseStudyOrganisations.role })
        .from(caseStudyOrganisations)
        .where(eq(caseStudyOrganisations.caseStudyId, caseStudyId))
    ).sort((a, b) => a.id - b.id || a.role.localeCompare(b.role));

  it('follow every edit: kept, added, dropped, and a held organiser given a new role', async () => {
    const created = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      {
        i: {
          slug: 'mirrored-links',
          title: 'Mirrored',
          startsAt: '2030-01-01T10:00:00Z',
          format: 'ONLINE',
          organisers: [
            { organisation: cast.orgs.partnerP.slug, role: 'ORGANISER' },
            { organisation: cast.orgs.hostA.slug, role: 'FUNDER' },
          ],
        },
      },
      cast.as.contributorP,
    );
    const id = idOf(created.entryId);
    expect(await organisersOf(id)).toEqual(
      [
        { id: cast.orgs.hostA.id, role: 'funder' },
        { id: cast.orgs.partnerP.id, role: 'organiser' },
      ].sort((a, b) => a.id - b.id),
    );
    const edit = (b: string, organisers: { organisation: string; role: string }[]) =>
      mutate(
        app,
        'updateEvent(id: $id, baseRevisionId: $b, input: $i)',
        '$id: ID!, $b: ID, $i: EventInput!',
        { id: created.entryId, b, i: { organisers } },
        cast.as.contributorP,
      );
    const second = await edit(created.revision.id, [
      { organisation: cast.orgs.partnerP.slug, role: 'HOST' },
      { organisation: cast.orgs.partnerQ.slug, role: 'PARTNER' },
    ]);
    expect(second.__typename).toBe('EditResult');
    expect(await organisersOf(id)).toEqual(
      [
        { id: cast.orgs.partnerP.id, role: 'host' },
        { id: cast.orgs.partnerQ.id, role: 'partner' },
      ].sort((a, b) => a.id - b.id),
    );
    const third = await edit(second.revision.id, []);
    expect(third.__typename).toBe('EditResult');
    expect(await organisersOf(id)).toEqual([]);
  });

  it('may hold one organisation in several roles where the entry type allows it', async () => {
    const created = await mutate(
      app,
      'createCaseStudy(input: $i)',
      '$i: CaseStudyInput!',
      {
        i: {
          slug: 'several-roles',
          title: 'Several roles',
          organisations: [
            { organisation: cast.orgs.partnerP.slug, role: 'CONVENER' },
            { organisation: cast.orgs.partnerP.slug, role: 'FUNDER' },
          ],
        },
      },
      cast.as.contributorP,
    );
    const id = idOf(created.entryId);
    const edited = await mutate(
      app,
      'updateCaseStudy(id: $id, baseRevisionId: $b, input: $i)',
      '$id: ID!, $b: ID, $i: CaseStudyInput!',
      {
        id: created.entryId,
        b: created.revision.id,
        i: {
          organisations: [
            { organisation: cast.orgs.partnerP.slug, role: 'FUNDER' },
            { organisation: cast.orgs.partnerP.slug, role: 'COLLABORATOR' },
            { organisation: cast.orgs.partnerQ.slug, role: 'CONVENER' },
          ],
        },
      },
      cast.as.contributorP,
    );
    expect(edited.__typename).toBe('EditResult');
    expect(await caseStudyOrganisationsOf(id)).toEqual(
      [
        { id: cast.orgs.partnerP.id, role: 'collaborator' },
        { id: cast.orgs.partnerP.id, role: 'funder' },
        { id: cast.orgs.partnerQ.id, role: 'convener' },
      ].sort((a, b) => a.id - b.id || a.role.localeCompare(b.role)),
    );
  });
});

describe('review', () => {
  it('queues submissions oldest first with their diffs, and shows the submitter the decision and reason', async () => {
    const first = await createOrg(app, cast.as.contributorP, { slug: 'queue-first', name: 'First', kind: 'OTHER' });
    const second = await createOrg(app, cast.as.contributorP, { slug: 'queue-second', name: 'Second', kind: 'OTHER' });
    const s1 = await move(app, cast.as.contributorP, 'submit', first.entryId, first.revision.id);
    await move(app, cast.as.contributorP, 'submit', second.entryId, second.revision.id);
    const queue = await app.graphql(
      `{ reviewQueue(first: 50) { nodes { entryId state diff { field after } author { email } } } }`,
      {},
      cast.as.reviewerA,
    );
    const ours = queue.body.data.reviewQueue.nodes.filter((n: { entryId: string }) => [first.entryId, second.entryId].includes(n.entryId));
    expect(ours.map((n: { entryId: string }) => n.entryId)).toEqual([first.entryId, second.entryId]);
    // Never published: the diff is against the empty state, so it lists what the new entry has.
    expect(ours[0].diff).toEqual([
      { field: 'kind', after: 'other' },
      { field: 'name', after: 'First' },
      { field: 'slug', after: 'queue-first' },
    ]);
    expect(ours[0].author.email).toMatch(/^contributorp-/);

    await move(app, cast.as.reviewerA, 'reject', first.entryId, s1.revision.id, 'Not about data or AI');
    const seen = await app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 1) { nodes { action state reason } } }`,
      { id: first.entryId },
      cast.as.contributorP,
    );
    expect(seen.body.data.revisions.nodes).toEqual([{ action: 'REJECT', state: 'REJECTED', reason: 'Not about data or AI' }]);
    const after = await app.graphql(`{ reviewQueue(first: 50) { nodes { entryId } } }`, {}, cast.as.reviewerA);
    expect(after.body.data.reviewQueue.nodes.map((n: { entryId: string }) => n.entryId)).not.toContain(first.entryId);
  });
});

describe('how a partner gets a token (as the README tells it)', () => {
  it('a host admin invites the partner’s admin and issues their token; they then onboard a contributor', async () => {
    const partner = await createOrg(app, cast.as.editorA, { slug: 'citizens-lab-onboarding', name: 'Citizens Lab', kind: 'CHARITY' });
    expect(partner.__typename).toBe('EditResult');
    const invite = await app.graphql(
      `mutation { inviteMember(organisation: "citizens-lab-onboarding", email: "lead@citizens-lab.org", role: PARTNER_ADMIN) { __typename } }`,
      {},
      cast.as.adminA,
    );
    expect(invite.body.data.inviteMember.__typename).toBe('Membership');
    const issued = await app.graphql(
      `mutation { createToken(input: { name: "Citizens Lab admin", scopes: [WRITE_ENTRIES, MANAGE_MEMBERS], email: "lead@citizens-lab.org", organisation: "citizens-lab-onboarding" }) { ... on IssuedToken { token expiresAt } ... on MutationError { message } } }`,
      {},
      cast.as.adminA,
    );
    const lead = { authorization: `Bearer ${issued.body.data.createToken.token}` };
    expect((await app.graphql(`{ me { role isHost } }`, {}, lead)).body.data.me).toEqual({ role: 'PARTNER_ADMIN', isHost: false });

    await app.graphql(
      `mutation { inviteMember(organisation: "citizens-lab-onboarding", email: "helper@citizens-lab.org", role: CONTRIBUTOR) { __typename } }`,
      {},
      lead,
    );
    const helperToken = await app.graphql(
      `mutation { createToken(input: { name: "helper", scopes: [WRITE_ENTRIES], email: "helper@citizens-lab.org" }) { ... on IssuedToken { token } } }`,
      {},
      lead,
    );
    const helper = { authorization: `Bearer ${helperToken.body.data.createToken.token}` };
    const draft = await createOrg(app, helper, { slug: 'citizens-lab-project', name: 'Their project', kind: 'OTHER' });
    expect(draft.publicationState).toBe('DRAFT');

    const members = await app.graphql(`{ members(organisation: "citizens-lab-onboarding") { email role } }`, {}, lead);
    expect(members.body.data.members).toEqual([
      { email: 'helper@citizens-lab.org', role: 'CONTRIBUTOR' },
      { email: 'lead@citizens-lab.org', role: 'PARTNER_ADMIN' },
    ]);
    const tokens = await app.graphql(`{ tokens(organisation: "citizens-lab-onboarding") { id name holderEmail revokedAt } }`, {}, lead);
    const helperRow = tokens.body.data.tokens.find((t: { name: string }) => t.name === 'helper');
    await app.graphql(`mutation($id: ID!) { revokeToken(id: $id) { __typename } }`, { id: helperRow.id }, lead);
    expect((await app.graphql(`{ me { role } }`, {}, helper)).status).toBe(401);
    expect(
      (await app.graphql(`{ tokens(organisation: "citizens-lab-onboarding") { id } }`, {}, cast.as.contributorQ)).body.errors![0].extensions
        .code,
    ).toBe('FORBIDDEN');
  });
});

describe('a partner’s own work', () => {
  it('is listed for its organisation, drafts included, and for no one else', async () => {
    const c = await createOrg(app, cast.as.contributorP, { slug: 'our-draft', name: 'Our draft', kind: 'OTHER' });
    const list = `{ maintainedEntries(first: 100, state: DRAFT) { nodes { entryId state snapshot } } }`;
    const ours = (await app.graphql(list, {}, cast.as.partnerAdminP)).body.data.maintainedEntries.nodes;
    expect(ours.find((n: { entryId: string }) => n.entryId === c.entryId)).toMatchObject({
      state: 'DRAFT',
      snapshot: { name: 'Our draft' },
    });
    const theirs = (await app.graphql(list, {}, cast.as.contributorQ)).body.data.maintainedEntries.nodes;
    expect(theirs.map((n: { entryId: string }) => n.entryId)).not.toContain(c.entryId);
    expect((await app.graphql(list, {}, anonymous)).body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('nothing is lost', () => {
  it('a renamed published entry keeps its old slug redirecting', async () => {
    const c = await createOrg(app, cast.as.editorA, { slug: 'old-name', name: 'Old', kind: 'OTHER' });
    const p = await move(
      app,
      cast.as.reviewerB,
      'approve',
      c.entryId,
      (await move(app, cast.as.editorA, 'submit', c.entryId, c.revision.id)).revision.id,
    );
    const u = await updateOrg(app, cast.as.editorA, c.entryId, p.revision.id, { slug: 'new-name' });
    expect(u.slug).toBe('old-name');
    await move(
      app,
      cast.as.reviewerB,
      'approve',
      c.entryId,
      (await move(app, cast.as.editorA, 'submit', c.entryId, u.revision.id)).revision.id,
    );
    expect(await currentSlugFor(app.handle.db, 'organisation', 'old-name')).toBe('new-name');
    expect(await currentSlugFor(app.handle.db, 'organisation', 'never-was')).toBeNull();
    // The API answers the old slug with the entry under its new one; the public page moves permanently.
    const old = await app.graphql('{ organisation(slug: "old-name") { slug name } gone: organisation(slug: "never-was") { slug } }');
    expect(old.body.data).toEqual({ organisation: { slug: 'new-name', name: 'Old' }, gone: null });
    const res = await app.app.request('/organisations/old-name');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/organisations/new-name');
  });

  it('archiving hides an entry from the public; reverting proposes old content again', async () => {
    const c = await createOrg(app, cast.as.contributorP, { slug: 'archived-org', name: 'Archived', kind: 'OTHER', description: 'v1' });
    const p = await move(
      app,
      cast.as.reviewerA,
      'approve',
      c.entryId,
      (await move(app, cast.as.contributorP, 'submit', c.entryId, c.revision.id)).revision.id,
    );
    const u = await updateOrg(app, cast.as.contributorP, c.entryId, p.revision.id, { description: 'v2' });
    const reverted = await mutate(
      app,
      'revertTo(revisionId: $r, baseRevisionId: $b)',
      '$r: ID!, $b: ID!',
      { r: c.revision.id, b: u.revision.id },
      cast.as.contributorP,
    );
    expect(reverted.revision.action).toBe('REVERT');
    expect(reverted.revision.baseDiff).toEqual([{ field: 'description', before: 'v2', after: 'v1' }]);
    // Back to what is published: approving it would change nothing.
    expect(reverted.revision.diff).toEqual([]);
    const archived = await move(app, cast.as.partnerAdminP, 'archive', c.entryId, reverted.revision.id);
    expect(archived.publicationState).toBe('ARCHIVED');
    expect((await app.graphql(`{ organisation(slug: "archived-org") { name } }`, {}, anonymous)).body.data.organisation).toBeNull();
    const history = await app.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 10) { nodes { action } } }`,
      { id: c.entryId },
      cast.as.contributorP,
    );
    expect(history.body.data.revisions.nodes.map((n: { action: string }) => n.action)).toEqual([
      'ARCHIVE',
      'REVERT',
      'UPDATE',
      'APPROVE',
      'SUBMIT',
      'CREATE',
    ]);
  });

  it('an entry from before revisions were kept gets a baseline, then the edit', async () => {
    const method = await createMethod({ db: app.handle.db, name: 'Legacy method' });
    const id = globalId('Method', method.id);
    const u = await mutate(
      app,
      'updateMethod(id: $id, input: $i)',
      '$id: ID!, $i: MethodInput!',
      { id, i: { description: 'Now described' } },
      cast.as.editorA,
    );
    expect(u.revision.diff).toEqual([{ field: 'description', before: null, after: 'Now described' }]);
    expect(u.revision.baseDiff).toEqual([{ field: 'description', before: null, after: 'Now described' }]);
    const h = await app.graphql(`query($id: ID!) { revisions(entryId: $id, first: 5) { nodes { action } } }`, { id }, cast.as.editorA);
    expect(h.body.data.revisions.nodes.map((n: { action: string }) => n.action)).toEqual(['UPDATE', 'IMPORT']);
  });
});

describe('the secretariat', () => {
  it('grows by a host only with admins of two hosts, and the new host’s first admin gets a working token', async () => {
    await createOrg(app, cast.as.editorA, { slug: 'third-host', name: 'Third Host', kind: 'UNIVERSITY' });
    const proposal = await app.graphql(
      `mutation { proposeHost(organisation: "third-host", firstAdminEmail: "Chair@Third.example") { ... on HostApproval { id } } }`,
      {},
      cast.as.adminA,
    );
    const approval = await app.graphql(
      `mutation($id: ID!) { approveHost(approvalId: $id) { __typename ... on HostApproval { outcome firstAdminToken { token scopes } } } }`,
      { id: proposal.body.data.proposeHost.id },
      cast.as.adminB,
    );
    const { outcome, firstAdminToken } = approval.body.data.approveHost;
    expect(outcome).toBe('approved');
    expect(firstAdminToken.scopes).toEqual(['READ_DRAFTS', 'WRITE_ENTRIES', 'REVIEW', 'MANAGE_MEMBERS']);
    const chair = { authorization: `Bearer ${firstAdminToken.token}` };
    expect((await app.graphql(`{ me { role isHost } }`, {}, chair)).body.data.me).toEqual({ role: 'ADMIN', isHost: true });

    // The new host reviews host A's change: a different host, so four eyes hold.
    const c = await createOrg(app, cast.as.editorA, { slug: 'reviewed-by-third', name: 'Third reviews', kind: 'OTHER' });
    const s = await move(app, cast.as.editorA, 'submit', c.entryId, c.revision.id);
    expect((await move(app, chair, 'approve', c.entryId, s.revision.id)).publicationState).toBe('PUBLISHED');
  });
});
