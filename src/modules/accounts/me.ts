// Who the caller is: their account's email and every organisation they belong to, with their role there.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { accounts, memberships, secretariatHosts, type MemberRole } from '../../../schema/editorial.ts';
import { organisations } from '../../../schema/organisations.ts';
import { loadActor, type Actor } from '../access/actor.ts';
import type { AccessContext } from '../access/transaction.ts';

export interface MyOrganisation {
  id: number;
  slug: string;
  name: string;
  role: MemberRole;
  isHost: boolean;
}

export interface Me extends Actor {
  email: string;
  /** Current memberships, the token's organisation first, then by name. */
  organisations: MyOrganisation[];
}

/** Null for anonymous callers and ended memberships, as `loadActor`. One statement beyond the actor. */
export async function describeMe(o: AccessContext): Promise<Me | null> {
  const actor = await loadActor(o.db, o.viewer, 'carried');
  if (!actor) return null;
  const rows = await o.db
    .select({
      email: accounts.email,
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      role: memberships.role,
      hostId: secretariatHosts.organisationId,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(secretariatHosts, eq(secretariatHosts.organisationId, memberships.organisationId))
    .where(and(eq(memberships.accountId, actor.accountId), isNull(memberships.removedAt)))
    .orderBy(asc(organisations.name));
  const mine = rows.map(({ email: _e, hostId, ...r }) => ({ ...r, isHost: hostId !== null }));
  mine.sort((a, b) => Number(b.id === actor.organisationId) - Number(a.id === actor.organisationId));
  return { ...actor, email: rows[0]?.email ?? '', organisations: mine };
}
