// Security of the editorial layer: hashed tokens, refusals audited, private history, append-only records, four eyes.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move } from './support/editorial-mutations.ts';
import { idOf } from './support/graphql.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app?.close());

const rows = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  (await app.handle.db.execute<T>(query, 'objects')) as T[];
const auditActions = async (action: string) =>
  rows<{ outcome: string; actor_account_id: number }>(sql`SELECT outcome, actor_account_id FROM audit_log WHERE action = ${action}`);

describe('tokens', () => {
  it('are stored only as SHA-256 hashes, with a recognisable prefix', async () => {
    const res = await app.graphql(
      `mutation { createToken(input: { name: "leak test", scopes: [WRITE_ENTRIES] }) { ... on IssuedToken { token displayPrefix } } }`,
      {},
      cast.as.partnerAdminP,
    );
    const { token, displayPrefix } = res.body.data.createToken;
    expect(token).toMatch(/^edir_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(displayPrefix)).toBe(true);
    const stored = await rows<{ token_hash: string }>(sql`SELECT token_hash FROM api_tokens WHERE display_prefix = ${displayPrefix}`);
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    const plaintext = await rows(sql`SELECT 1 FROM api_tokens t WHERE t::text LIKE ${`%${token}%`}`);
    expect(plaintext).toHaveLength(0);
    const audit = await rows<{ details: Record<string, unknown> }>(sql`SELECT details FROM audit_log WHERE action = 'token.create'`);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('refuses revoked and expired tokens with 401 and records their use', async () => {
    for (const who of ['revoked', 'expired'] as const) {
      const res = await app.graphql(`{ me { role } }`, {}, cast.as[who]);
      expect(res.status).toBe(401);
      expect(res.body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await auditActions('token.revoked_used')).map((r) => r.actor_account_id)).toContain(cast.accountIds.revoked);
    expect((await auditActions('token.expired_used')).map((r) => r.actor_account_id)).toContain(cast.accountIds.expired);
  });

  it('stop working when their holder leaves the organisation', async () => {
    const email = `leaving-${Date.now()}@example.org`;
    await app.graphql(
      `mutation($o: String!, $e: String!) { inviteMember(organisation: $o, email: $e, role: CONTRIBUTOR) { __typename } }`,
      { o: cast.orgs.partnerP.slug, e: email },
      cast.as.partnerAdminP,
    );
    const issued = await app.graphql(
      `mutation($e: String!) { createToken(input: { name: "t", scopes: [WRITE_ENTRIES], email: $e }) { ... on IssuedToken { token } } }`,
      { e: email },
      cast.as.partnerAdminP,
    );
    const headers = { authorization: `Bearer ${issued.body.data.createToken.token}` };
    expect((await app.graphql(`{ me { role } }`, {}, headers)).body.data.me.role).toBe('CONTRIBUTOR');
    await app.graphql(
      `mutation($o: String!, $e: String!) { removeMember(organisation: $o, email: $e) { __typename } }`,
      { o: cast.orgs.partnerP.slug, e: email },
      cast.as.partnerAdminP,
    );
    expect((await app.graphql(`{ me { role } }`, {}, headers)).status).toBe(401);
  });

  it('act with the role their holder has now, even when a mutation earlier in the same request changed it', async () => {
    const email = `stepping-down-${Date.now()}@example.org`;
    const org = cast.orgs.partnerP.slug;
    await app.graphql(
      `mutation($o: String!, $e: String!) { inviteMember(organisation: $o, email: $e, role: PARTNER_ADMIN) { __typename } }`,
      { o: org, e: email },
      cast.as.partnerAdminP,
    );
    const issued = await app.graphql(
      `mutation($e: String!) { createToken(input: { name: "t", scopes: [MANAGE_MEMBERS], email: $e }) { ... on IssuedToken { token } } }`,
      { e: email },
      cast.as.partnerAdminP,
    );
    const headers = { authorization: `Bearer ${issued.body.data.createToken.token}` };
    // Mutations run in order: the first makes the caller a contributor, who may not manage members.
    const res = await app.graphql(
      `mutation($o: String!, $e: String!, $other: String!) {
        stepDown: inviteMember(organisation: $o, email: $e, role: CONTRIBUTOR) { __typename }
        thenInvite: inviteMember(organisation: $o, email: $other, role: CONTRIBUTOR) { __typename }
      }`,
      { o: org, e: email, other: `not-invited-${Date.now()}@example.org` },
      headers,
    );
    expect(res.body.data, JSON.stringify(res.body.errors)).toEqual({
      stepDown: { __typename: 'Membership' },
      thenInvite: { __typename: 'Forbidden' },
    });
    expect((await app.graphql(`{ me { role } }`, {}, headers)).body.data.me.role).toBe('CONTRIBUTOR');
  });

  it('refuse a malformed Authorization header rather than serving it as anonymous', async () => {
    const res = await app.graphql(`{ me { role } }`, {}, { authorization: 'Bearer edir_not-a-real-token' });
    expect(res.status).toBe(401);
  });
});

describe('refusals', () => {
  it('are written to the audit log, which host admins alone may read', async () => {
    const c = await createOrg(app, cast.as.editorA, { slug: 'self-approval', name: 'Self', kind: 'OTHER' });
    const s = await move(app, cast.as.editorA, 'submit', c.entryId, c.revision.id);
    const own = await move(app, cast.as.reviewerA, 'approve', c.entryId, s.revision.id);
    expect(own.__typename).toBe('Forbidden');
    expect(own.message).toMatch(/different host/);

    const log = await app.graphql(`{ auditLog(first: 100) { action outcome actorAccountId details } }`, {}, cast.as.adminA);
    const denied = log.body.data.auditLog.find(
      (e: { action: string; outcome: string }) => e.action === 'entry.approve' && e.outcome === 'denied',
    );
    expect(denied).toMatchObject({
      actorAccountId: cast.accountIds.reviewerA,
      details: { reason: expect.stringMatching(/different host/) },
    });

    expect((await app.graphql(`{ auditLog { action } }`, {}, cast.as.editorA)).body.errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await app.graphql(`{ auditLog { action } }`, {}, cast.as.partnerAdminP)).body.errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await app.graphql(`{ auditLog { action } }`, {}, anonymous)).body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const readRefusals = await rows<{ actor_account_id: number }>(
      sql`SELECT actor_account_id FROM audit_log WHERE action = 'audit.read' AND outcome = 'denied'`,
    );
    expect(readRefusals.map((r) => r.actor_account_id)).toEqual(
      expect.arrayContaining([cast.accountIds.editorA, cast.accountIds.partnerAdminP]),
    );
  });

  it('stop anyone approving their own change, whatever their role', async () => {
    const c = await createOrg(app, cast.as.adminB, { slug: 'own-change', name: 'Own', kind: 'OTHER' });
    const s = await move(app, cast.as.adminB, 'submit', c.entryId, c.revision.id);
    const r = await move(app, cast.as.adminB, 'approve', c.entryId, s.revision.id);
    expect(r.message).toBe('Nobody reviews their own change.');
  });
});

describe('drafts and history', () => {
  it('are hidden from the public and from other partners', async () => {
    const c = await createOrg(app, cast.as.contributorP, { slug: 'private-draft', name: 'Private', kind: 'OTHER' });
    const pub = await app.graphql(
      `query($id: ID!) { organisation(slug: "private-draft") { name } node(id: $id) { id } }`,
      { id: c.entryId },
      anonymous,
    );
    expect(pub.body.data).toEqual({ organisation: null, node: null });
    const history = `query($id: ID!) { revisions(entryId: $id, first: 5) { nodes { action } } }`;
    expect((await app.graphql(history, { id: c.entryId }, cast.as.contributorQ)).body.errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await app.graphql(history, { id: c.entryId }, anonymous)).body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql(history, { id: c.entryId }, cast.as.contributorP)).body.data.revisions.nodes).toEqual([{ action: 'CREATE' }]);
    const one = await app.graphql(`query($id: ID!) { revision(id: $id) { action } }`, { id: c.revision.id }, cast.as.contributorQ);
    expect(one.body.data.revision).toBeNull();
  });
});

describe('the record', () => {
  it('cannot be changed or deleted, even by SQL', async () => {
    await createOrg(app, cast.as.editorA, { slug: 'immutable', name: 'Immutable', kind: 'OTHER' });
    await expect(app.handle.db.execute(sql`UPDATE revisions SET message = 'rewritten'`)).rejects.toThrow();
    await expect(app.handle.db.execute(sql`DELETE FROM revisions`)).rejects.toThrow();
    await expect(app.handle.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });

  it('never forks: the database refuses a second revision on the same base', async () => {
    const c = await createOrg(app, cast.as.editorA, { slug: 'no-fork', name: 'No fork', kind: 'OTHER' });
    const [head] = await rows<{ id: number; entry_id: number }>(
      sql`SELECT id, entry_id FROM revisions WHERE entry_type = 'organisation' ORDER BY id DESC LIMIT 1`,
    );
    const fork = sql`INSERT INTO revisions (entry_type, entry_id, base_revision_id, action, state, snapshot) VALUES ('organisation', ${head!.entry_id}, ${head!.id}, 'update', 'draft', '{}')`;
    await app.handle.db.execute(fork);
    await expect(app.handle.db.execute(fork)).rejects.toThrow();
    expect(c.__typename).toBe('EditResult');
  });
});

describe('ids of entries a caller may not see', () => {
  const update = `mutation($id: ID!, $b: ID) { updateOrganisation(id: $id, baseRevisionId: $b, input: { description: "probe" }) { __typename ... on MutationError { message } } }`;
  const revert = `mutation($r: ID!, $b: ID!) { revertTo(revisionId: $r, baseRevisionId: $b) { __typename ... on MutationError { message } } }`;
  const missingId = (type: string) => Buffer.from(`${type}:99999999`).toString('base64');

  it('get the answer a missing id gets, and the refusal is still audited', async () => {
    const draft = await createOrg(app, cast.as.contributorP, { slug: `hidden-${Date.now()}`, name: 'Hidden draft', kind: 'CHARITY' });
    const hidden = await app.graphql(update, { id: draft.entryId, b: draft.revision.id }, cast.as.contributorQ);
    const missing = await app.graphql(update, { id: missingId('Organisation'), b: draft.revision.id }, cast.as.contributorQ);
    expect(hidden.body.data.updateOrganisation).toEqual(missing.body.data.updateOrganisation);
    expect(hidden.body.data.updateOrganisation.__typename).toBe('NotFound');
    const denied = await rows<{ outcome: string; entry_id: number }>(
      sql`SELECT outcome, entry_id FROM audit_log WHERE action = 'entry.update' AND outcome = 'denied' AND actor_account_id = ${cast.accountIds.contributorQ}`,
    );
    expect(denied.length).toBeGreaterThan(0);

    const revertHidden = await app.graphql(revert, { r: draft.revision.id, b: draft.revision.id }, cast.as.contributorQ);
    const revertMissing = await app.graphql(revert, { r: missingId('Revision'), b: draft.revision.id }, cast.as.contributorQ);
    expect(revertHidden.body.data.revertTo).toEqual(revertMissing.body.data.revertTo);
    expect(revertHidden.body.data.revertTo.__typename).toBe('NotFound');
  });

  it('are refused to anonymous callers before anything is looked up: the same answer for a real and a missing id', async () => {
    const draft = await createOrg(app, cast.as.contributorP, { slug: `anon-probe-${Date.now()}`, name: 'Draft', kind: 'CHARITY' });
    const real = await app.graphql(update, { id: draft.entryId, b: draft.revision.id }, anonymous);
    const missing = await app.graphql(update, { id: missingId('Organisation'), b: draft.revision.id }, anonymous);
    expect(real.body.data.updateOrganisation).toEqual(missing.body.data.updateOrganisation);
    expect(real.body.data.updateOrganisation.__typename).toBe('Forbidden');
    const revertReal = await app.graphql(revert, { r: draft.revision.id, b: draft.revision.id }, anonymous);
    const revertMissing = await app.graphql(revert, { r: missingId('Revision'), b: draft.revision.id }, anonymous);
    expect(revertReal.body.data.revertTo).toEqual(revertMissing.body.data.revertTo);
    expect(revertReal.body.data.revertTo.__typename).toBe('Forbidden');
  });

  it('a published entry is no secret: a caller who may not edit it is told so', async () => {
    const org = cast.orgs.partnerP;
    const published = await app.graphql(`{ organisation(slug: "${org.slug}") { id } }`, {});
    expect(published.body.data.organisation).not.toBeNull();
    const res = await app.graphql(update, { id: published.body.data.organisation.id, b: null }, cast.as.contributorQ);
    expect(res.body.data.updateOrganisation.__typename).toBe('Forbidden');
  });
});

describe('refused reads of members and tokens', () => {
  it('are audited, as every refused read is', async () => {
    for (const field of ['members', 'tokens']) {
      const res = await app.graphql(`{ ${field}(organisation: "${cast.orgs.partnerP.slug}") { __typename } }`, {}, cast.as.contributorQ);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const denied = await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.manage' AND outcome = 'denied' AND actor_account_id = ${cast.accountIds.contributorQ}`,
    );
    expect(denied[0]!.n).toBeGreaterThanOrEqual(2);
  });
});

describe('a refused read of one revision', () => {
  it('answers null, as for a revision that does not exist, and is audited against its entry', async () => {
    const draft = await createOrg(app, cast.as.contributorP, { slug: 'revision-read-refused', name: 'Private draft', kind: 'OTHER' });
    const query = `query($id: ID!) { revision(id: $id) { id } }`;
    for (const headers of [cast.as.contributorQ, anonymous]) {
      const res = await app.graphql(query, { id: draft.revision.id }, headers);
      expect(res.body).toEqual({ data: { revision: null } });
    }
    const entryId = idOf(draft.entryId);
    const denied = await rows<{ actor_account_id: number | null; entry_type: string }>(
      sql`SELECT actor_account_id, entry_type FROM audit_log WHERE action = 'entry.history' AND outcome = 'denied' AND entry_id = ${entryId} ORDER BY id`,
    );
    expect(denied).toEqual([
      { actor_account_id: cast.accountIds.contributorQ, entry_type: 'organisation' },
      { actor_account_id: null, entry_type: 'organisation' },
    ]);
    // The maintainers themselves still read it, and their read is no refusal.
    expect((await app.graphql(query, { id: draft.revision.id }, cast.as.contributorP)).body.data.revision).toEqual({
      id: draft.revision.id,
    });
  });
});
