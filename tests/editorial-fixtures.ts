// A secretariat of two hosts and two partners, with a token for every role the permission matrix names.
import { eq } from 'drizzle-orm';
import { apiTokens, secretariatHosts, type MemberRole } from '../schema/editorial.ts';
import { createOrganisation } from '../seed/factories.ts';
import type { Db } from '../src/db.ts';
import { findOrCreateAccount, insertToken, setMembership } from '../src/modules/accounts/account-store.ts';
import { scopesForRole } from '../src/modules/access/permissions.ts';
import type { TestApp } from './support/app.ts';

export interface Cast {
  orgs: { hostA: { id: number; slug: string }; hostB: { id: number; slug: string }; partnerP: { id: number; slug: string }; partnerQ: { id: number; slug: string } };
  /** Authorization headers by person. */
  as: Record<Person, Record<string, string>>;
  accountIds: Record<Person, number>;
}

export const people = ['adminA', 'editorA', 'reviewerA', 'adminB', 'editorB', 'reviewerB', 'partnerAdminP', 'contributorP', 'contributorQ', 'revoked', 'expired'] as const;
export type Person = (typeof people)[number];

const roles: Record<Person, [MemberRole, 'hostA' | 'hostB' | 'partnerP' | 'partnerQ']> = {
  adminA: ['admin', 'hostA'], editorA: ['editor', 'hostA'], reviewerA: ['reviewer', 'hostA'],
  adminB: ['admin', 'hostB'], editorB: ['editor', 'hostB'], reviewerB: ['reviewer', 'hostB'],
  partnerAdminP: ['partner_admin', 'partnerP'], contributorP: ['contributor', 'partnerP'], contributorQ: ['contributor', 'partnerQ'],
  revoked: ['admin', 'hostA'], expired: ['admin', 'hostA'],
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
    if (person === 'expired') await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(apiTokens.id, token.id));
    as[person] = { authorization: `Bearer ${token.token}` };
    accountIds[person] = account.id;
  }
  return { orgs, as, accountIds };
}

export const anonymous: Record<string, string> = {};

const editFields = `... on EditResult { entryId slug publicationState revision { id action state diff { field before after } } }
  ... on MutationError { __typename message }
  ... on InvalidInput { fieldErrors { path message } }
  ... on Conflict { currentRevision { id state } }`;

/** Runs a mutation and returns its result object (EditResult or an error), failing loudly on GraphQL errors. */
export async function mutate(app: TestApp, field: string, args: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const res = await app.graphql(`mutation(${args}) { r: ${field} { __typename ${editFields} } }`, variables, headers);
  if (res.body.errors) throw new Error(`${field}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data!.r;
}

export const createOrg = (app: TestApp, headers: Record<string, string>, input: Record<string, unknown>) =>
  mutate(app, 'createOrganisation(input: $input)', '$input: OrganisationInput!', { input }, headers);

export const updateOrg = (app: TestApp, headers: Record<string, string>, id: string, baseRevisionId: string | null, input: Record<string, unknown>) =>
  mutate(app, 'updateOrganisation(id: $id, baseRevisionId: $base, input: $input)', '$id: ID!, $base: ID, $input: OrganisationInput!', { id, base: baseRevisionId, input }, headers);

export const move = (app: TestApp, headers: Record<string, string>, action: string, id: string, baseRevisionId: string | null, reason?: string) =>
  reason === undefined
    ? mutate(app, `${action}(id: $id, baseRevisionId: $base)`, '$id: ID!, $base: ID', { id, base: baseRevisionId }, headers)
    : mutate(app, `${action}(id: $id, baseRevisionId: $base, reason: $reason)`, '$id: ID!, $base: ID, $reason: String!', { id, base: baseRevisionId, reason }, headers);
