// Who belongs to an organisation and which tokens it has: for its admins (and host admins, for partners).
import { and, desc, eq, isNull } from 'drizzle-orm';
import { accounts, apiTokens, memberships } from '../../../schema/editorial.ts';
import { AppError } from '../../errors.ts';
import { loadActor } from '../editorial/actor.ts';
import { decide } from '../editorial/permissions.ts';
import type { EditorialContext } from '../editorial/transaction.ts';
import { organisationBySlug } from './lookups.ts';
import { NotFoundError } from '../editorial/errors.ts';

async function managedOrganisation(o: EditorialContext & { organisation: string }) {
  const actor = await loadActor(o.db, o.viewer, 'carried');
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in with an API token to see members and tokens.');
  let org;
  try {
    org = await organisationBySlug(o.db, o.organisation);
  } catch (err) {
    if (err instanceof NotFoundError) throw new AppError('NOT_FOUND', err.message);
    throw err;
  }
  const decision = decide(actor, { kind: 'member.manage', organisationId: org.id, organisationIsHost: org.isHost });
  if (!decision.allowed) throw new AppError('FORBIDDEN', decision.reason);
  return org;
}

export async function listMembers(o: EditorialContext & { organisation: string }) {
  const org = await managedOrganisation(o);
  return o.db
    .select({ accountId: accounts.id, email: accounts.email, role: memberships.role, organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.organisationId, org.id), isNull(memberships.removedAt)))
    .orderBy(accounts.email);
}

/** Never the secret, which is not kept: name, prefix, scopes, expiry and revocation. */
export async function listTokens(o: EditorialContext & { organisation: string }) {
  const org = await managedOrganisation(o);
  return o.db
    .select({
      id: apiTokens.id, name: apiTokens.name, displayPrefix: apiTokens.displayPrefix, scopes: apiTokens.scopes, email: accounts.email,
      createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(eq(apiTokens.organisationId, org.id))
    .orderBy(desc(apiTokens.id))
    .limit(500);
}
