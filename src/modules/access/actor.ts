// Who is acting: the viewer's token plus their current role in the token's organisation.
import { and, eq, isNull, sql, type Column } from 'drizzle-orm';
import { memberships, secretariatHosts, type MemberRole } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { TokenScope, Viewer } from './viewer.ts';

/** A membership's role and whether its organisation hosts the secretariat: select these, left-joined by `hostJoin`. */
export const membershipColumns = { role: memberships.role, isHost: sql<boolean>`${secretariatHosts.organisationId} IS NOT NULL` };
export const hostJoin = (organisationId: Column) => eq(secretariatHosts.organisationId, organisationId);

export interface Actor {
  accountId: number;
  organisationId: number;
  tokenId: number | null;
  role: MemberRole;
  /** Whether the actor's organisation is a host of the secretariat. */
  isHost: boolean;
  scopes: ReadonlySet<TokenScope>;
}

/**
 * The actor behind a viewer, or null for anonymous callers and ended memberships: one statement. With
 * `read: 'carried'` (reads only: a member list, history, `me`) the membership the token check read at the
 * start of this request stands in for it. A write always reads it in its own transaction (authorisedWrite),
 * so a role changed or a membership ended since, even by an earlier mutation of the same request, binds it.
 */
export async function loadActor(db: Pick<Db, 'select'>, viewer: Viewer | null, read: 'fresh' | 'carried' = 'fresh'): Promise<Actor | null> {
  if (!viewer) return null;
  const { accountId, organisationId, tokenId, scopes } = viewer;
  if (read === 'carried' && viewer.membership) return { accountId, organisationId, tokenId, scopes, ...viewer.membership };
  const [row] = await db
    .select(membershipColumns)
    .from(memberships)
    .leftJoin(secretariatHosts, hostJoin(memberships.organisationId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.organisationId, organisationId), isNull(memberships.removedAt)))
    .limit(1);
  return actorOf(viewer, row ?? null);
}

/**
 * The viewer's current membership as two columns of a statement the write sends anyway (lockEntryAsActor: the
 * row it locks), read as `loadActor` reads it: `memberRole` is null once the membership has ended.
 */
export const actorColumns = (viewer: Viewer) => ({
  memberRole: sql<MemberRole | null>`(SELECT ${memberships.role} FROM ${memberships}
    WHERE ${memberships.accountId} = ${viewer.accountId} AND ${memberships.organisationId} = ${viewer.organisationId}
      AND ${memberships.removedAt} IS NULL LIMIT 1)`,
  memberIsHost: sql<boolean>`EXISTS (SELECT 1 FROM ${secretariatHosts} WHERE ${secretariatHosts.organisationId} = ${viewer.organisationId})`,
});

/** The actor from a membership read (null: none, or it ended). */
export function actorOf(viewer: Viewer, membership: { role: MemberRole | null; isHost: unknown } | null): Actor | null {
  if (!membership?.role) return null;
  const { accountId, organisationId, tokenId, scopes } = viewer;
  return { accountId, organisationId, tokenId, scopes, role: membership.role, isHost: Boolean(membership.isHost) };
}

/** How many organisations host the secretariat: the fact the single-host rule of `decide` turns on. */
export async function countHosts(db: Pick<Db, 'select'>): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(secretariatHosts);
  return Number(row?.n ?? 0);
}
