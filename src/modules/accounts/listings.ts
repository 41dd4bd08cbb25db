// Who belongs to an organisation and which tokens it has: for its admins (and host admins, for partners).
import { and, desc, eq, isNull } from 'drizzle-orm';
import { accounts, apiTokens, memberships } from '../../../schema/editorial.ts';
import { AppError } from '../../errors.ts';
import { assertMayRead, signedInReader } from '../access/read.ts';
import type { AccessContext } from '../access/transaction.ts';
import { organisationBySlug } from './lookups.ts';
import { NotFoundError } from '../access/errors.ts';

async function managedOrganisation(o: AccessContext & { organisation: string }, action: string) {
  const actor = await signedInReader(o, action);
  let org: Awaited<ReturnType<typeof organisationBySlug>>;
  try {
    org = await organisationBySlug(o.db, o.organisation);
  } catch (err) {
    // Organisations are public entries: saying one does not exist reveals nothing.
    if (err instanceof NotFoundError) throw new AppError('NOT_FOUND', err.message);
    throw err;
  }
  await assertMayRead(o, actor, { kind: 'member.manage', organisationId: org.id, organisationIsHost: org.isHost });
  return org;
}

export async function listMembers(o: AccessContext & { organisation: string }) {
  const org = await managedOrganisation(o, 'member.list');
  return o.db
    .select({ accountId: accounts.id, email: accounts.email, role: memberships.role, organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.organisationId, org.id), isNull(memberships.removedAt)))
    .orderBy(accounts.email);
}

/** Never the secret, which is not kept: name, prefix, scopes, expiry and revocation. */
export async function listTokens(o: AccessContext & { organisation: string }) {
  const org = await managedOrganisation(o, 'token.list');
  return o.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      displayPrefix: apiTokens.displayPrefix,
      scopes: apiTokens.scopes,
      email: accounts.email,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(eq(apiTokens.organisationId, org.id))
    .orderBy(desc(apiTokens.id))
    .limit(500);
}
