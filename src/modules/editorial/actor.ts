// Who is acting: the viewer's token plus their current role in the token's organisation.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { memberships, secretariatHosts, type MemberRole } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { TokenScope, Viewer } from '../../graphql/context.ts';

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
 * Viewers whose request has attempted a write. Any write may change the viewer's own membership
 * (a role, a removal, a host approval), so after one the membership carried from the token check
 * no longer stands for the request, and it is read again.
 */
const wrote = new WeakSet<Viewer>();

export function forgetCarriedMembership(viewer: Viewer | null): void {
  if (viewer) wrote.add(viewer);
}

/**
 * The actor behind a viewer, or null for anonymous callers and ended memberships. The membership the
 * token check read in this request when it has not written yet; otherwise one statement.
 */
export async function loadActor(db: Pick<Db, 'select'>, viewer: Viewer | null): Promise<Actor | null> {
  if (!viewer) return null;
  const { accountId, organisationId, tokenId, scopes } = viewer;
  if (viewer.membership && !wrote.has(viewer)) return { accountId, organisationId, tokenId, scopes, ...viewer.membership };
  const [row] = await db
    .select({ role: memberships.role, isHost: sql<boolean>`${secretariatHosts.organisationId} IS NOT NULL` })
    .from(memberships)
    .leftJoin(secretariatHosts, eq(secretariatHosts.organisationId, memberships.organisationId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.organisationId, organisationId), isNull(memberships.removedAt)))
    .limit(1);
  if (!row) return null;
  return { accountId, organisationId, tokenId, scopes, role: row.role, isHost: Boolean(row.isHost) };
}
