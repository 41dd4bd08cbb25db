// Inviting and removing members of an organisation; removal ends the membership and revokes its tokens.
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { accounts, apiTokens, memberships, type MemberRole } from '../../../schema/editorial.ts';
import { recordAudit } from '../access/audit.ts';
import { InvalidInputError, NotFoundError } from '../access/errors.ts';
import { roleFitsOrganisation } from '../access/permissions.ts';
import { authorise, authorisedWrite, type AccessContext } from '../access/transaction.ts';
import { findOrCreateAccount, setMembership } from './account-store.ts';
import { singleLineProblem } from '../catalogue/single-line.ts';
import { assertHostKeepsAnAdmin } from './last-admin.ts';
import { organisationBySlug } from './lookups.ts';

const email = z.email({ error: 'must be an email address' }).max(320);

export interface MembershipResult {
  accountId: number;
  email: string;
  role: MemberRole;
  organisationId: number;
}

export async function inviteMember(
  o: AccessContext & { organisation: string; email: string; role: MemberRole; displayName?: string | null },
): Promise<MembershipResult> {
  return authorisedWrite(o, { action: 'member.invite' }, async (tx, actor) => {
    const org = await organisationBySlug(tx, o.organisation);
    authorise(actor, { kind: 'member.manage', organisationId: org.id, organisationIsHost: org.isHost });
    const parsed = email.safeParse(o.email.trim().toLowerCase());
    if (!parsed.success) throw new InvalidInputError([{ path: ['email'], message: 'must be an email address' }]);
    if (!roleFitsOrganisation(o.role, org.isHost)) {
      throw new InvalidInputError([
        {
          path: ['role'],
          message: org.isHost
            ? 'a host organisation has admins, editors and reviewers'
            : 'a partner organisation has partner admins and contributors',
        },
      ]);
    }
    const displayName = o.displayName?.trim() || null;
    const nameProblem = displayName && (displayName.length > 200 ? 'must be at most 200 characters' : singleLineProblem(displayName));
    if (nameProblem) throw new InvalidInputError([{ path: ['displayName'], message: nameProblem }]);
    const account = await findOrCreateAccount(tx, parsed.data, displayName);
    // Inviting a member again changes their role, so the last admin re-inviting themselves as an editor is a removal.
    if (o.role !== 'admin') await assertHostKeepsAnAdmin(tx, org, account.id);
    const membership = await setMembership(tx, { accountId: account.id, organisationId: org.id, role: o.role });
    await recordAudit(tx, {
      action: membership.previousRole ? 'member.role_change' : 'member.invite',
      actor,
      details: { organisationId: org.id, accountId: account.id, email: account.email, role: o.role, previousRole: membership.previousRole },
      requestId: o.requestId ?? null,
    });
    return { accountId: account.id, email: account.email, role: o.role, organisationId: org.id };
  });
}

export async function removeMember(o: AccessContext & { organisation: string; email: string }): Promise<MembershipResult> {
  return authorisedWrite(o, { action: 'member.remove' }, async (tx, actor) => {
    const org = await organisationBySlug(tx, o.organisation);
    authorise(actor, { kind: 'member.manage', organisationId: org.id, organisationIsHost: org.isHost });
    const [row] = await tx
      .select({ id: memberships.id, accountId: memberships.accountId, role: memberships.role, email: accounts.email })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(and(eq(memberships.organisationId, org.id), eq(accounts.email, o.email.trim().toLowerCase()), isNull(memberships.removedAt)))
      .for('update')
      .limit(1);
    if (!row) throw new NotFoundError(`${o.email} is not a member of ${org.name}.`);
    await assertHostKeepsAnAdmin(tx, org, row.accountId);
    const now = new Date().toISOString();
    await tx.update(memberships).set({ removedAt: now }).where(eq(memberships.id, row.id));
    await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedByAccountId: actor.accountId })
      .where(and(eq(apiTokens.accountId, row.accountId), eq(apiTokens.organisationId, org.id), isNull(apiTokens.revokedAt)));
    await recordAudit(tx, {
      action: 'member.remove',
      actor,
      details: { organisationId: org.id, accountId: row.accountId, email: row.email, role: row.role },
      requestId: o.requestId ?? null,
    });
    return { accountId: row.accountId, email: row.email, role: row.role, organisationId: org.id };
  });
}
