// A host always keeps an admin: only a host's own admins manage its members, so a host without one cannot be repaired
// through the API. A partner left without a partner admin can be: any host admin manages a partner's members.
import { and, eq, isNull } from 'drizzle-orm';
import { memberships } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { ConflictError } from '../access/errors.ts';

/** Refuses a change that takes `accountId` out of the host's admins when no other admin would remain. */
export async function assertHostKeepsAnAdmin(
  tx: Pick<Db, 'select'>,
  org: { id: number; isHost: boolean },
  accountId: number,
): Promise<void> {
  if (!org.isHost) return;
  // Every admin row locked, not counted: two admins demoting each other at once must not both see the other remain.
  const admins = await tx
    .select({ accountId: memberships.accountId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, org.id), eq(memberships.role, 'admin'), isNull(memberships.removedAt)))
    .for('update');
  if (admins.some((a) => a.accountId === accountId) && !admins.some((a) => a.accountId !== accountId))
    throw new ConflictError('A host keeps at least one admin: invite another admin first.', null);
}
