// A secretariat of two hosts and two partners, with a token for every role the permission matrix names, set up as users would.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { accounts, apiTokens, type MemberRole } from '../../schema/editorial.ts';
import { createOrganisation } from '../../seed/factories.ts';
import { initSecretariat } from '../../src/modules/accounts/init-secretariat.ts';
import { scopesForRole } from '../../src/modules/access/permissions.ts';
import { createTestApp, type TestApp } from './app.ts';
import { idOf } from './graphql.ts';

export interface Cast {
  orgs: {
    hostA: { id: number; slug: string };
    hostB: { id: number; slug: string };
    partnerP: { id: number; slug: string };
    partnerQ: { id: number; slug: string };
  };
  /** Authorization headers by person. */
  as: Record<Person, Record<string, string>>;
  accountIds: Record<Person, number>;
  emails: Record<Person, string>;
}

export const people = [
  'adminA',
  'editorA',
  'reviewerA',
  'adminB',
  'editorB',
  'reviewerB',
  'partnerAdminP',
  'contributorP',
  'contributorQ',
  'revoked',
  'expired',
] as const;
export type Person = (typeof people)[number];

type OrgKey = 'hostA' | 'hostB' | 'partnerP' | 'partnerQ';
const roles: Record<Person, [MemberRole, OrgKey]> = {
  adminA: ['admin', 'hostA'],
  editorA: ['editor', 'hostA'],
  reviewerA: ['reviewer', 'hostA'],
  adminB: ['admin', 'hostB'],
  editorB: ['editor', 'hostB'],
  reviewerB: ['reviewer', 'hostB'],
  partnerAdminP: ['partner_admin', 'partnerP'],
  contributorP: ['contributor', 'partnerP'],
  contributorQ: ['contributor', 'partnerQ'],
  revoked: ['admin', 'hostA'],
  expired: ['admin', 'hostA'],
};

/** GraphQL as `headers`, failing loudly unless the mutation's result is `typename`. */
async function expectResult(app: TestApp, headers: Record<string, string>, typename: string, query: string, variables: object) {
  const res = await app.graphql(query, variables as Record<string, unknown>, headers);
  const result = Object.values((res.body.data ?? {}) as Record<string, { __typename: string }>)[0];
  if (result?.__typename !== typename) throw new Error(`cast setup: ${JSON.stringify(res.body)}`);
  return result as any;
}

/**
 * The secretariat as its users make it: both hosts founded by one `init-secretariat` (the CLI's service), then each
 * host's admin invites its people (partners by host A's admin) and issues their tokens through the API.
 */
export async function createCast(app: TestApp): Promise<Cast> {
  const db = app.handle.db;
  const n = randomBytes(3).toString('hex');
  const emails = Object.fromEntries(people.map((p) => [p, `${p.toLowerCase()}-${n}@example.org`])) as Record<Person, string>;
  const { hosts } = await initSecretariat({
    db,
    hosts: [
      { host: 'Host A', adminEmail: emails.adminA },
      { host: 'Host B', adminEmail: emails.adminB },
    ],
  });
  const [a, b] = hosts as [(typeof hosts)[0], (typeof hosts)[0]];
  // Published partner organisations straight from the factory: reaching that state through the API (create,
  // submit, approve) is covered by the workflow tests and is not what these fixtures are about.
  const orgs: Cast['orgs'] = {
    hostA: a.organisation,
    hostB: b.organisation,
    partnerP: await createOrganisation({ db, name: 'Partner P' }),
    partnerQ: await createOrganisation({ db, name: 'Partner Q' }),
  };
  const admins = { hostA: { authorization: `Bearer ${a.token.token}` }, hostB: { authorization: `Bearer ${b.token.token}` } };
  const as: Partial<Cast['as']> = { adminA: admins.hostA, adminB: admins.hostB };
  const accountIds: Partial<Cast['accountIds']> = { adminA: a.accountId, adminB: b.accountId };
  for (const person of people) {
    if (person === 'adminA' || person === 'adminB') continue;
    const [role, org] = roles[person];
    const inviter = org === 'hostB' ? admins.hostB : admins.hostA;
    await expectResult(
      app,
      inviter,
      'Membership',
      `mutation($o: String!, $e: String!, $r: MemberRole!, $d: String) { r: inviteMember(organisation: $o, email: $e, role: $r, displayName: $d) { __typename } }`,
      { o: orgs[org].slug, e: emails[person], r: role.toUpperCase(), d: person },
    );
    const issued = await expectResult(
      app,
      inviter,
      'IssuedToken',
      `mutation($i: CreateTokenInput!) { r: createToken(input: $i) { __typename ... on IssuedToken { id token } } }`,
      { i: { name: person, email: emails[person], organisation: orgs[org].slug, scopes: scopesForRole[role].map((s) => s.toUpperCase()) } },
    );
    if (person === 'revoked')
      await expectResult(app, inviter, 'RevokedToken', `mutation($id: ID!) { r: revokeToken(id: $id) { __typename } }`, { id: issued.id });
    // No one can issue a token that has already expired: the past is written directly.
    if (person === 'expired')
      await db
        .update(apiTokens)
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where(eq(apiTokens.id, idOf(issued.id)));
    as[person] = { authorization: `Bearer ${issued.token}` };
  }
  for (const person of people) accountIds[person] ??= await accountIdOf(app, emails[person]);
  return { orgs, as: as as Cast['as'], accountIds: accountIds as Cast['accountIds'], emails };
}

/** An account's id, which tests compare with audit rows: no API answers it (accounts have no global id), so it is read. */
async function accountIdOf(app: TestApp, email: string): Promise<number> {
  const [row] = await app.handle.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
  if (!row) throw new Error(`cast setup: no account ${email}`);
  return row.id;
}

/** The headers of a caller without a token. */
export const anonymous: Record<string, string> = {};

/** A test app on its own database with the cast in it; the caller closes the app. */
export async function createEditorialApp(overrides: Parameters<typeof createTestApp>[0] = {}): Promise<{ app: TestApp; cast: Cast }> {
  const app = await createTestApp(overrides);
  try {
    return { app, cast: await createCast(app) };
  } catch (err) {
    await app.close();
    throw err;
  }
}
