// Who a background job (a calendar feed, another directory) acts as, and who vouched for it: read afresh each run.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { memberships, secretariatHosts } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { scopesForRole, type ChangeAuthor } from './permissions.ts';
import type { Viewer } from './viewer.ts';

/** The member as if signed in, with their role's scopes; null once they are no longer a member there. */
export async function memberAsViewer(db: Db, accountId: number, organisationId: number): Promise<Viewer | null> {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.organisationId, organisationId), isNull(memberships.removedAt)))
    .limit(1);
  return m ? { accountId, organisationId, tokenId: null, scopes: new Set(scopesForRole[m.role]) } : null;
}

/**
 * The facts the matrix weighs about who trusted a source (`trustedBy`, an account): are they a host admin still,
 * and of which host. Null when nobody trusted it.
 */
export async function trusterOf(db: Db, trustedBy: number | null): Promise<(ChangeAuthor & { isHostAdmin: boolean }) | null> {
  if (trustedBy === null) return null;
  const [admin] = await db
    .select({ organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(secretariatHosts, eq(secretariatHosts.organisationId, memberships.organisationId))
    .where(and(eq(memberships.accountId, trustedBy), eq(memberships.role, 'admin'), isNull(memberships.removedAt)))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return admin
    ? { accountId: trustedBy, organisationId: admin.organisationId, isHost: true, isHostAdmin: true }
    : { accountId: trustedBy, organisationId: -1, isHost: false, isHostAdmin: false };
}
