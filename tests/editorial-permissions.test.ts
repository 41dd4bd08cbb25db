// The permission matrix: every editorial mutation against every kind of caller, each on fresh state, through app.request;
// and the single-host rule as a table over the pure matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../seed/factories.ts';
import type { Actor } from '../src/modules/access/actor.ts';
import { decide, scopesForRole, type Action } from '../src/modules/access/permissions.ts';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast, type Person } from './support/editorial-cast.ts';
import { createOrg, move, mutate, updateOrg } from './support/editorial-mutations.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app?.close());

type Caller = Person | 'anonymous';
const callers: Caller[] = [
  'anonymous',
  'contributorP',
  'contributorQ',
  'editorA',
  'editorB',
  'reviewerA',
  'reviewerB',
  'adminA',
  'adminB',
  'partnerAdminP',
  'revoked',
  'expired',
];
const headers = (c: Caller) => (c === 'anonymous' ? anonymous : cast.as[c]);
let n = 0;
const unique = () => `${++n}-${Math.random().toString(36).slice(2, 8)}`;

/** Runs any mutation and gives back the result's __typename. */
async function outcome(query: string, variables: Record<string, unknown>, caller: Caller): Promise<string> {
  const res = await app.graphql(query, variables, headers(caller));
  // Refused at the HTTP edge, before any resolver: never served as anonymous.
  if (res.status === 401 && res.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' && !res.body.data) return 'UNAUTHENTICATED';
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return Object.values(res.body.data as Record<string, { __typename: string }>)[0]!.__typename;
}

/** An organisation entry by `author`, moved along the workflow as far as `stage`. */
async function entry(author: Person, stage: 'draft' | 'submitted' | 'published') {
  const c = await createOrg(app, cast.as[author], { slug: `entry-${unique()}`, name: 'Matrix entry', kind: 'CHARITY' });
  let head = c.revision.id;
  if (stage !== 'draft') head = (await move(app, cast.as[author], 'submit', c.entryId, head)).revision.id;
  if (stage === 'published')
    head = (await move(app, cast.as[author === 'editorA' ? 'reviewerB' : 'reviewerA'], 'approve', c.entryId, head)).revision.id;
  return { id: c.entryId as string, head: head as string, first: c.revision.id as string };
}

const wf = (name: string, reason = false) =>
  `mutation($id: ID!, $base: ID${reason ? ', $reason: String!' : ''}) { r: ${name}(id: $id, baseRevisionId: $base${reason ? ', reason: $reason' : ''}) { __typename } }`;

interface Case {
  name: string;
  success: string;
  allowed: Caller[];
  /** Refused callers who may not see the (unpublished) entry at all: they get the answer a missing id gets. */
  hiddenFrom?: Caller[];
  run: (caller: Caller) => Promise<string>;
}

const writers: Caller[] = ['contributorP', 'editorA', 'editorB', 'adminA', 'adminB', 'partnerAdminP'];
/** Partner P maintains the entries contributor P writes; partner Q does not, and no partner reads drafts. */
const notMaintainingP: Caller[] = ['contributorQ'];
const partners: Caller[] = ['contributorP', 'contributorQ', 'partnerAdminP'];
const reviewers: Caller[] = ['reviewerA', 'reviewerB', 'adminA', 'adminB'];

const minimal: Record<string, Record<string, unknown>> = {
  CaseStudy: { title: 'Matrix case' },
  Method: { name: 'Matrix method' },
  Event: { title: 'Matrix event', startsAt: '2030-01-01T10:00:00Z', format: 'ONLINE' },
  EventSeries: { name: 'Matrix series' },
};

/** create and update for the other entry types: the same rules, proved mutation by mutation. */
const perType: Case[] = Object.entries(minimal).flatMap(([type, fields]): Case[] => [
  {
    name: `create${type}`,
    success: 'EditResult',
    allowed: [...writers, 'contributorQ'],
    run: (c) =>
      outcome(
        `mutation($i: ${type}Input!) { r: create${type}(input: $i) { __typename } }`,
        { i: { slug: `new-${unique()}`, ...fields } },
        c,
      ),
  },
  {
    name: `update${type} (maintained by partner P)`,
    success: 'EditResult',
    allowed: writers,
    hiddenFrom: notMaintainingP,
    run: async (c) => {
      const created = await mutate(
        app,
        `create${type}(input: $i)`,
        `$i: ${type}Input!`,
        { i: { slug: `upd-${unique()}`, ...fields } },
        cast.as.contributorP,
      );
      return outcome(
        `mutation($id: ID!, $b: ID, $i: ${type}Input!) { r: update${type}(id: $id, baseRevisionId: $b, input: $i) { __typename } }`,
        { id: created.entryId, b: created.revision.id, i: { slug: `renamed-${unique()}` } },
        c,
      );
    },
  },
]);

const cases: Case[] = [
  ...perType,
  {
    name: 'updateTopic (the shared taxonomy)',
    success: 'EditResult',
    allowed: ['adminA', 'adminB'],
    hiddenFrom: partners,
    run: async (c) => {
      const t = await mutate(
        app,
        'createTopic(input: $i)',
        '$i: TopicInput!',
        { i: { slug: `topic-${unique()}`, label: 'To edit' } },
        cast.as.adminA,
      );
      return outcome(
        `mutation($id: ID!, $b: ID) { r: updateTopic(id: $id, baseRevisionId: $b, input: { label: "Edited" }) { __typename } }`,
        { id: t.entryId, b: t.revision.id },
        c,
      );
    },
  },
  {
    name: 'createOrganisation',
    success: 'EditResult',
    allowed: [...writers, 'contributorQ'],
    run: (c) =>
      outcome(
        `mutation($i: OrganisationInput!) { r: createOrganisation(input: $i) { __typename } }`,
        { i: { slug: `new-${unique()}`, name: 'New', kind: 'OTHER' } },
        c,
      ),
  },
  {
    name: 'updateOrganisation (maintained by partner P)',
    success: 'EditResult',
    allowed: writers,
    hiddenFrom: notMaintainingP,
    run: async (c) => {
      const e = await entry('contributorP', 'draft');
      return outcome(
        `mutation($id: ID!, $base: ID) { r: updateOrganisation(id: $id, baseRevisionId: $base, input: { description: "x" }) { __typename } }`,
        { id: e.id, base: e.head },
        c,
      );
    },
  },
  {
    name: 'submit',
    success: 'EditResult',
    allowed: writers,
    hiddenFrom: notMaintainingP,
    run: async (c) => {
      const e = await entry('contributorP', 'draft');
      return outcome(wf('submit'), { id: e.id, base: e.head }, c);
    },
  },
  {
    name: 'withdraw',
    success: 'EditResult',
    allowed: writers,
    hiddenFrom: notMaintainingP,
    run: async (c) => {
      const e = await entry('contributorP', 'submitted');
      return outcome(wf('withdraw'), { id: e.id, base: e.head }, c);
    },
  },
  {
    name: 'approve (a partner’s change)',
    success: 'EditResult',
    allowed: reviewers,
    hiddenFrom: notMaintainingP,
    run: async (c) => {
      const e = await entry('contributorP', 'submitted');
      return outcome(wf('approve'), { id: e.id, base: e.head }, c);
    },
  },
  // Host A's change: its own reviewers and admins may not approve it, nor may its author.
  {
    name: 'approve (host A’s change)',
    success: 'EditResult',
    allowed: ['reviewerB', 'adminB'],
    hiddenFrom: partners,
    run: async (c) => {
      const e = await entry('editorA', 'submitted');
      return outcome(wf('approve'), { id: e.id, base: e.head }, c);
    },
  },
  {
    name: 'requestChanges',
    success: 'EditResult',
    allowed: reviewers,
    hiddenFrom: notMaintainingP,
    run: async (c) => {
      const e = await entry('contributorP', 'submitted');
      return outcome(wf('requestChanges', true), { id: e.id, base: e.head, reason: 'Needs sources' }, c);
    },
  },
  {
    name: 'reject (host A’s change)',
    success: 'EditResult',
    allowed: ['reviewerB', 'adminB'],
    hiddenFrom: partners,
    run: async (c) => {
      const e = await entry('editorA', 'submitted');
      return outcome(wf('reject', true), { id: e.id, base: e.head, reason: 'Out of scope' }, c);
    },
  },
  {
    name: 'archive',
    success: 'EditResult',
    allowed: ['editorA', 'editorB', 'adminA', 'adminB', 'partnerAdminP'],
    run: async (c) => {
      const e = await entry('contributorP', 'published');
      return outcome(wf('archive'), { id: e.id, base: e.head }, c);
    },
  },
  {
    name: 'revertTo',
    success: 'EditResult',
    allowed: writers,
    hiddenFrom: notMaintainingP,
    run: async (c) => {
      const e = await entry('contributorP', 'draft');
      const u = await updateOrg(app, cast.as.contributorP, e.id, e.head, { description: 'changed' });
      return outcome(
        `mutation($r: ID!, $base: ID!) { r: revertTo(revisionId: $r, baseRevisionId: $base) { __typename } }`,
        { r: e.first, base: u.revision.id },
        c,
      );
    },
  },
  {
    name: 'createTopic (the shared taxonomy)',
    success: 'EditResult',
    allowed: ['adminA', 'adminB'],
    run: (c) =>
      outcome(
        `mutation($i: TopicInput!) { r: createTopic(input: $i) { __typename } }`,
        { i: { slug: `topic-${unique()}`, label: 'New topic' } },
        c,
      ),
  },
  {
    name: 'inviteMember (to partner P)',
    success: 'Membership',
    allowed: ['adminA', 'adminB', 'partnerAdminP'],
    run: (c) =>
      outcome(
        `mutation($o: String!, $e: String!) { r: inviteMember(organisation: $o, email: $e, role: CONTRIBUTOR) { __typename } }`,
        { o: cast.orgs.partnerP.slug, e: `new-${unique()}@example.org` },
        c,
      ),
  },
  {
    name: 'removeMember (from partner P)',
    success: 'Membership',
    allowed: ['adminA', 'adminB', 'partnerAdminP'],
    run: async (c) => {
      const email = `leaver-${unique()}@example.org`;
      await outcome(
        `mutation($o: String!, $e: String!) { r: inviteMember(organisation: $o, email: $e, role: CONTRIBUTOR) { __typename } }`,
        { o: cast.orgs.partnerP.slug, e: email },
        'partnerAdminP',
      );
      return outcome(
        `mutation($o: String!, $e: String!) { r: removeMember(organisation: $o, email: $e) { __typename } }`,
        { o: cast.orgs.partnerP.slug, e: email },
        c,
      );
    },
  },
  {
    name: 'createToken (for oneself)',
    success: 'IssuedToken',
    allowed: ['adminA', 'adminB', 'partnerAdminP'],
    run: (c) => outcome(`mutation { r: createToken(input: { name: "matrix", scopes: [WRITE_ENTRIES] }) { __typename } }`, {}, c),
  },
  {
    name: 'revokeToken (partner P admin’s token)',
    success: 'RevokedToken',
    allowed: ['adminA', 'adminB', 'partnerAdminP'],
    run: async (c) => {
      const res = await app.graphql(
        `mutation { createToken(input: { name: "spare", scopes: [WRITE_ENTRIES] }) { ... on IssuedToken { id } } }`,
        {},
        cast.as.partnerAdminP,
      );
      return outcome(`mutation($id: ID!) { r: revokeToken(id: $id) { __typename } }`, { id: res.body.data.createToken.id }, c);
    },
  },
  {
    name: 'proposeHost',
    success: 'HostApproval',
    allowed: ['adminA', 'adminB'],
    run: async (c) => {
      const org = await createOrganisation({ db: app.handle.db });
      return outcome(
        `mutation($o: String!) { r: proposeHost(organisation: $o, firstAdminEmail: "chair@new-host.example") { __typename } }`,
        { o: org.slug },
        c,
      );
    },
  },
  {
    name: 'approveHost (proposed by host A)',
    success: 'HostApproval',
    allowed: ['adminB'],
    run: async (c) => {
      const org = await createOrganisation({ db: app.handle.db });
      const p = await app.graphql(
        `mutation($o: String!) { proposeHost(organisation: $o, firstAdminEmail: "chair@new-host.example") { ... on HostApproval { id } } }`,
        { o: org.slug },
        cast.as.adminA,
      );
      return outcome(`mutation($id: ID!) { r: approveHost(approvalId: $id) { __typename } }`, { id: p.body.data.proposeHost.id }, c);
    },
  },
  {
    name: 'declineHost (proposed by host A)',
    success: 'HostApproval',
    allowed: ['adminA', 'adminB'],
    run: async (c) => {
      const org = await createOrganisation({ db: app.handle.db });
      const p = await app.graphql(
        `mutation($o: String!) { proposeHost(organisation: $o, firstAdminEmail: "chair@new-host.example") { ... on HostApproval { id } } }`,
        { o: org.slug },
        cast.as.adminA,
      );
      return outcome(`mutation($id: ID!) { r: declineHost(approvalId: $id) { __typename } }`, { id: p.body.data.proposeHost.id }, c);
    },
  },
  {
    // Any member's token, whatever its role or scopes: registering names a read anyone may already send.
    name: 'registerDocument',
    success: 'RegisteredDocument',
    allowed: [...writers, 'contributorQ', 'reviewerA', 'reviewerB'],
    run: (c) =>
      outcome(
        `mutation($d: String!) { r: registerDocument(document: $d) { __typename } }`,
        { d: `# ${unique()}\n{ organisations(first: 1) { totalCount } }` },
        c,
      ),
  },
  {
    name: 'setMaintainer',
    success: 'Maintainers',
    allowed: ['editorA', 'editorB', 'adminA', 'adminB'],
    run: async (c) => {
      const e = await entry('contributorP', 'draft');
      return outcome(
        `mutation($id: ID!, $o: String!) { r: setMaintainer(id: $id, organisation: $o) { __typename } }`,
        { id: e.id, o: cast.orgs.partnerQ.slug },
        c,
      );
    },
  },
];

describe.each(cases)('$name', (c) => {
  it.each(callers)('as %s', async (caller) => {
    const expected =
      caller === 'revoked' || caller === 'expired'
        ? 'UNAUTHENTICATED'
        : c.allowed.includes(caller)
          ? c.success
          : c.hiddenFrom?.includes(caller)
            ? 'NotFound'
            : 'Forbidden';
    expect(await c.run(caller)).toBe(expected);
  });
});

/** The single-host rule, as a table over the pure matrix: one host, then two. */
describe('decide: four eyes with one host and with two', () => {
  const actor = (accountId: number, organisationId: number, role: 'admin' | 'reviewer' | 'editor'): Actor => ({
    accountId,
    organisationId,
    tokenId: null,
    role,
    isHost: true,
    scopes: new Set(scopesForRole[role]),
  });
  // Host 1: admin 1, admin 2, reviewer 3, editor 4. Host 2: admin 5.
  const author = { accountId: 4, organisationId: 1, isHost: true };
  const review = (hostCount: number, type: 'organisation' | 'topic' = 'organisation', by = author): Action => ({
    kind: 'entry.review',
    type,
    authors: [by],
    hostCount,
  });
  const approveHost = (hostCount: number): Action => ({ kind: 'host.approve', proposedBy: { accountId: 1, organisationId: 1 }, hostCount });
  const table: [string, Actor, Action, boolean][] = [
    ['one host: another person of the host reviews a host change', actor(3, 1, 'reviewer'), review(1), true],
    ['one host: nobody reviews their own change', actor(4, 1, 'editor'), review(1), false],
    [
      'one host: an admin reviewing a change they wrote',
      actor(1, 1, 'admin'),
      review(1, 'organisation', { ...author, accountId: 1 }),
      false,
    ],
    ['one host: another admin approves a topic change', actor(2, 1, 'admin'), review(1, 'topic', { ...author, accountId: 1 }), true],
    [
      'one host: a reviewer may not approve a topic change',
      actor(3, 1, 'reviewer'),
      review(1, 'topic', { ...author, accountId: 1 }),
      false,
    ],
    ['one host: another admin of the host approves a new host', actor(2, 1, 'admin'), approveHost(1), true],
    ['one host: the proposer may not approve their own proposal', actor(1, 1, 'admin'), approveHost(1), false],
    ['one host: a reviewer may not approve a new host', actor(3, 1, 'reviewer'), approveHost(1), false],
    ['two hosts: the same host may not review its own change', actor(3, 1, 'reviewer'), review(2), false],
    ['two hosts: the other host reviews it', actor(5, 2, 'admin'), review(2), true],
    ['two hosts: a topic change needs the other host', actor(2, 1, 'admin'), review(2, 'topic', { ...author, accountId: 1 }), false],
    ['two hosts: the other host approves a topic change', actor(5, 2, 'admin'), review(2, 'topic', { ...author, accountId: 1 }), true],
    ['two hosts: a second admin of the proposing host may not approve a host', actor(2, 1, 'admin'), approveHost(2), false],
    ['two hosts: an admin of the other host approves it', actor(5, 2, 'admin'), approveHost(2), true],
    ['two hosts: the proposer still may not', actor(1, 1, 'admin'), approveHost(3), false],
  ];
  it.each(table)('%s', (_name, who, action, allowed) => {
    expect(decide(who, action).allowed).toBe(allowed);
  });
});
