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

/** The actor behind a viewer, or null for anonymous callers and ended memberships. One statement. */
export async function loadActor(db: Pick<Db, 'select'>, viewer: Viewer | null): Promise<Actor | null> {
  if (!viewer) return null;
  const [row] = await db
    .select({ role: memberships.role, isHost: sql<boolean>`${secretariatHosts.organisationId} IS NOT NULL` })
    .from(memberships)
    .leftJoin(secretariatHosts, eq(secretariatHosts.organisationId, memberships.organisationId))
    .where(and(eq(memberships.accountId, viewer.accountId), eq(memberships.organisationId, viewer.organisationId), isNull(memberships.removedAt)))
    .limit(1);
  if (!row) return null;
  return { ...viewer, tokenId: viewer.tokenId, role: row.role, isHost: Boolean(row.isHost) };
}
