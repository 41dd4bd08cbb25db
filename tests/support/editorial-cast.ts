// A secretariat of two hosts and two partners, with a token for every role the permission matrix names.
import { eq } from 'drizzle-orm';
import { apiTokens, secretariatHosts, type MemberRole } from '../../schema/editorial.ts';
import { createOrganisation } from '../../seed/factories.ts';
import type { Db } from '../../src/db.ts';
import { findOrCreateAccount, insertToken, setMembership } from '../../src/modules/accounts/account-store.ts';
import { scopesForRole } from '../../src/modules/access/permissions.ts';
import { createTestApp, type TestApp } from './app.ts';

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

const roles: Record<Person, [MemberRole, 'hostA' | 'hostB' | 'partnerP' | 'partnerQ']> = {
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

export async function createCast(db: Db): Promise<Cast> {
  const orgs = {
    hostA: await createOrganisation({ db, name: 'Host A' }),
    hostB: await createOrganisation({ db, name: 'Host B' }),
    partnerP: await createOrganisation({ db, name: 'Partner P' }),
    partnerQ: await createOrganisation({ db, name: 'Partner Q' }),
  };
  await db.insert(secretariatHosts).values([{ organisationId: orgs.hostA.id }, { organisationId: orgs.hostB.id }]);
  const as = {} as Cast['as'];
  const accountIds = {} as Cast['accountIds'];
  for (const person of people) {
    const [role, org] = roles[person];
    const account = await findOrCreateAccount(db, `${person}-${orgs.hostA.id}@example.org`, person);
    await setMembership(db, { accountId: account.id, organisationId: orgs[org].id, role });
    const token = await insertToken(db, { accountId: account.id, organisationId: orgs[org].id, name: person, scopes: scopesForRole[role] });
    if (person === 'revoked') await db.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, token.id));
    if (person === 'expired')
      await db
        .update(apiTokens)
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where(eq(apiTokens.id, token.id));
    as[person] = { authorization: `Bearer ${token.token}` };
    accountIds[person] = account.id;
  }
  return { orgs, as, accountIds };
}

/** The headers of a caller without a token. */
export const anonymous: Record<string, string> = {};

/** A test app on its own database with the cast in it; the caller closes the app. */
export async function createEditorialApp(overrides: Parameters<typeof createTestApp>[0] = {}): Promise<{ app: TestApp; cast: Cast }> {
  const app = await createTestApp(overrides);
  try {
    return { app, cast: await createCast(app.handle.db) };
  } catch (err) {
    await app.close();
    throw err;
  }
}
