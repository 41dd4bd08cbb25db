// A secretariat grows from an empty database through the product alone (the CLI, then the API): the single-host rule, then cross-host review.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb, type DbHandle } from '../src/db.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { cliRunner } from './support/cli.ts';
import { acceptJson, postGraphQL } from './support/graphql.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const emptyDataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ed-grow-'));
  dirs.push(d);
  return d;
};

/** The API on the database the CLI wrote, as the server would open it once the CLI is done. */
async function openApi(dataDir: string) {
  const handle: DbHandle = await createDb({ DATA_DIR: dataDir });
  const app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'silent' }), verifyToken: createTokenVerifier({ db: handle.db }) });
  const gql = async (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const res = await postGraphQL(app, { query, variables }, { ...acceptJson, ...(token ? { authorization: `Bearer ${token}` } : {}) });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  /** A mutation's single result object. */
  const write = async (token: string, query: string, variables: Record<string, unknown> = {}) =>
    Object.values((await gql(token, query, variables)) as Record<string, any>)[0];

  /** A member of `organisation`, invited and given a token by `admin`, as a host admin does it. */
  async function member(admin: string, organisation: string, email: string, role: string, scopes: string[]): Promise<string> {
    const invited = await write(
      admin,
      `mutation($o: String!, $e: String!, $r: MemberRole!) { r: inviteMember(organisation: $o, email: $e, role: $r) { __typename } }`,
      { o: organisation, e: email, r: role },
    );
    expect(invited.__typename).toBe('Membership');
    const issued = await write(
      admin,
      `mutation($i: CreateTokenInput!) { r: createToken(input: $i) { __typename ... on IssuedToken { token } ... on MutationError { message } } }`,
      { i: { name: email, email, organisation, scopes } },
    );
    expect(issued.__typename).toBe('IssuedToken');
    return issued.token;
  }

  const result = `__typename ... on EditResult { entryId publicationState revision { id } } ... on MutationError { message }`;
  const createOrganisation = (token: string, slug: string, name: string) =>
    write(token, `mutation($i: OrganisationInput!) { r: createOrganisation(input: $i) { ${result} } }`, {
      i: { slug, name, kind: 'CHARITY' },
    });
  const step = (token: string, action: 'submit' | 'approve', id: string, base: string) =>
    write(token, `mutation($id: ID!, $b: ID) { r: ${action}(id: $id, baseRevisionId: $b) { ${result} } }`, { id, b: base });
  const propose = (token: string, organisation: string, email: string) =>
    write(
      token,
      `mutation($o: String!, $e: String!) { r: proposeHost(organisation: $o, firstAdminEmail: $e) { __typename ... on HostApproval { id } ... on MutationError { message } } }`,
      { o: organisation, e: email },
    );
  const approveHost = (token: string, id: string) =>
    write(
      token,
      `mutation($id: ID!) { r: approveHost(approvalId: $id) { __typename ... on HostApproval { outcome firstAdminToken { token } } ... on MutationError { message } } }`,
      { id },
    );
  const me = (token: string) => gql(token, '{ me { email role isHost organisations { slug role } } }').then((d) => d.me);
  return { gql, write, member, createOrganisation, step, propose, approveHost, me, close: () => handle.close() };
}

const hostScopes = {
  ADMIN: ['READ_DRAFTS', 'WRITE_ENTRIES', 'REVIEW', 'MANAGE_MEMBERS'],
  EDITOR: ['READ_DRAFTS', 'WRITE_ENTRIES'],
  REVIEWER: ['READ_DRAFTS', 'REVIEW'],
};

describe('a secretariat founded with one host', () => {
  it('publishes its own changes with four eyes inside the host, grows to two hosts, then needs a second host to review', async () => {
    const dataDir = emptyDataDir();
    const cli = cliRunner({ DATA_DIR: dataDir });
    const founded = await cli('init-secretariat', '--host', 'Founding Institute', '--admin', 'founder@founding.example');
    expect(founded.code).toBe(0);
    expect(founded.stdout).toMatch(/Host: Founding Institute \(founding-institute\)/);
    const founder = founded.stdout.trim().split('\n').at(-1)!;

    const api = await openApi(dataDir);
    try {
      const host = 'founding-institute';
      const editor = await api.member(founder, host, 'editor@founding.example', 'EDITOR', hostScopes.EDITOR);
      const reviewer = await api.member(founder, host, 'reviewer@founding.example', 'REVIEWER', hostScopes.REVIEWER);
      const secondAdmin = await api.member(founder, host, 'second@founding.example', 'ADMIN', hostScopes.ADMIN);

      // An editor's change: its author may not approve it, another person of the same (sole) host may.
      const created = await api.createOrganisation(editor, 'civic-data-lab', 'Civic Data Lab');
      expect(created.__typename).toBe('EditResult');
      const submitted = await api.step(editor, 'submit', created.entryId, created.revision.id);
      expect(submitted.publicationState).toBe('SUBMITTED');
      const byAuthor = await api.step(editor, 'approve', created.entryId, submitted.revision.id);
      expect(byAuthor.__typename).toBe('Forbidden');
      const approved = await api.step(reviewer, 'approve', created.entryId, submitted.revision.id);
      expect(approved).toMatchObject({ __typename: 'EditResult', publicationState: 'PUBLISHED' });
      expect((await api.gql(null, '{ organisation(slug: "civic-data-lab") { name } }')).organisation).toEqual({ name: 'Civic Data Lab' });

      // The shared taxonomy can change: one admin proposes, the other admin of the sole host approves.
      const topic = await api.write(
        founder,
        `mutation { r: createTopic(input: { slug: "data-trusts", label: "Data trusts" }) { ${'__typename ... on EditResult { entryId revision { id } }'} } }`,
      );
      const topicSubmitted = await api.step(founder, 'submit', topic.entryId, topic.revision.id);
      expect((await api.step(founder, 'approve', topic.entryId, topicSubmitted.revision.id)).__typename).toBe('Forbidden');
      expect((await api.step(secondAdmin, 'approve', topic.entryId, topicSubmitted.revision.id)).publicationState).toBe('PUBLISHED');

      // Growing: the proposer cannot approve alone; the sole host's other admin can.
      const proposal = await api.propose(founder, 'civic-data-lab', 'chair@civic-data-lab.example');
      expect(proposal.__typename).toBe('HostApproval');
      expect((await api.approveHost(founder, proposal.id)).__typename).toBe('Forbidden');
      const added = await api.approveHost(secondAdmin, proposal.id);
      expect(added).toMatchObject({ __typename: 'HostApproval', outcome: 'approved' });
      const chair = added.firstAdminToken.token as string;
      expect(await api.me(chair)).toEqual({
        email: 'chair@civic-data-lab.example',
        role: 'ADMIN',
        isHost: true,
        organisations: [{ slug: 'civic-data-lab', role: 'ADMIN' }],
      });

      // Two hosts: the founding host's change now needs the other host.
      const second = await api.createOrganisation(editor, 'open-rights-forum', 'Open Rights Forum');
      const secondSubmitted = await api.step(editor, 'submit', second.entryId, second.revision.id);
      const sameHost = await api.step(reviewer, 'approve', second.entryId, secondSubmitted.revision.id);
      expect(sameHost).toMatchObject({ __typename: 'Forbidden', message: expect.stringMatching(/different host/) });
      expect((await api.step(chair, 'approve', second.entryId, secondSubmitted.revision.id)).publicationState).toBe('PUBLISHED');

      // And so does a third host: the founding host's second admin no longer suffices.
      const third = await api.propose(founder, 'open-rights-forum', 'chair@open-rights.example');
      expect(await api.approveHost(secondAdmin, third.id)).toMatchObject({
        __typename: 'Forbidden',
        message: expect.stringMatching(/different host/),
      });
      expect((await api.approveHost(chair, third.id)).outcome).toBe('approved');
    } finally {
      await api.close();
    }
  }, 120_000);
});

describe('a secretariat founded with two hosts in one command', () => {
  it('prints one token per admin, in order, and binds the cross-host rule from the start', async () => {
    const dataDir = emptyDataDir();
    const cli = cliRunner({ DATA_DIR: dataDir });
    const r = await cli(
      'init-secretariat',
      '--host',
      'Alpha Trust',
      '--admin',
      'a@alpha.example',
      '--host',
      'Beta Lab',
      '--admin',
      'B@Beta.example',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Secretariat started with 2 hosts.');
    expect(lines[1]).toMatch(/^Host: Alpha Trust \(alpha-trust\)\. Admin: a@alpha\.example\. Token edir_/);
    expect(lines[2]).toMatch(/^Host: Beta Lab \(beta-lab\)\. Admin: b@beta\.example\. Token edir_/);
    const [alpha, beta] = lines.slice(-2);
    for (const t of [alpha, beta]) expect(t).toMatch(/^edir_[A-Za-z0-9_-]{43}$/);

    // The secretariat exists now: a second founding is refused, whatever it names.
    expect((await cli('init-secretariat', '--host', 'Gamma', '--admin', 'g@gamma.example')).stderr).toMatch(/already has a host/);

    const api = await openApi(dataDir);
    try {
      expect(await api.me(alpha!)).toMatchObject({ role: 'ADMIN', isHost: true, organisations: [{ slug: 'alpha-trust', role: 'ADMIN' }] });
      expect(await api.me(beta!)).toMatchObject({
        email: 'b@beta.example',
        role: 'ADMIN',
        isHost: true,
        organisations: [{ slug: 'beta-lab', role: 'ADMIN' }],
      });
      const reviewer = await api.member(alpha!, 'alpha-trust', 'reviewer@alpha.example', 'REVIEWER', hostScopes.REVIEWER);
      const c = await api.createOrganisation(alpha!, 'shared-entry', 'Shared entry');
      const s = await api.step(alpha!, 'submit', c.entryId, c.revision.id);
      expect((await api.step(reviewer, 'approve', c.entryId, s.revision.id)).message).toMatch(/different host/);
      expect((await api.step(beta!, 'approve', c.entryId, s.revision.id)).publicationState).toBe('PUBLISHED');
    } finally {
      await api.close();
    }
  }, 120_000);

  it('refuses pairs that do not match, naming what to fix', async () => {
    const cli = cliRunner({ DATA_DIR: emptyDataDir() });
    const r = await cli('init-secretariat', '--host', 'Alpha', '--admin', 'a@alpha.example', '--host', 'Beta');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/come in pairs, in order: 2 --host and 1 --admin/);
    const bad = await cli('init-secretariat', '--host', 'Alpha', '--admin', 'not-an-email');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--admin #1 \("not-an-email"\): must be an email address/);
    const twice = await cli(
      'init-secretariat',
      '--host',
      'Alpha',
      '--admin',
      'a@alpha.example',
      '--host',
      'alpha',
      '--admin',
      'b@alpha.example',
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/hosts\.1\.host: "alpha" is listed twice/);
  }, 60_000);
});
