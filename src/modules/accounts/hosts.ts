// Growing the secretariat: a host proposed by one host's admin and approved by a second admin (of another host, once there are two).
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { pendingApprovals, secretariatHosts } from '../../../schema/editorial.ts';
import { countHosts } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { scopesForRole } from '../access/permissions.ts';
import { authenticated, authorise, authorisedWrite, type AccessContext } from '../access/transaction.ts';
import { findOrCreateAccount, insertToken, setMembership, type IssuedToken } from './account-store.ts';
import { organisationBySlug } from './lookups.ts';

export type Approval = typeof pendingApprovals.$inferSelect;

const adminEmail = z.email().max(320);

export async function proposeHost(o: AccessContext & { organisation: string; firstAdminEmail: string }): Promise<Approval> {
  return authorisedWrite(o, { action: 'host.propose' }, async (tx, actor) => {
    authorise(actor, { kind: 'host.propose' });
    const org = await organisationBySlug(tx, o.organisation);
    if (org.isHost) throw new InvalidInputError([{ path: ['organisation'], message: `${org.name} is already a host` }]);
    const email = adminEmail.safeParse(o.firstAdminEmail.trim().toLowerCase());
    if (!email.success) throw new InvalidInputError([{ path: ['firstAdminEmail'], message: 'must be an email address' }]);
    const [open] = await tx
      .select()
      .from(pendingApprovals)
      .where(sql`${pendingApprovals.organisationId} = ${org.id} AND ${pendingApprovals.decidedAt} IS NULL`)
      .limit(1);
    if (open) throw new ConflictError(`${org.name} has already been proposed (approval ${open.id}).`, null);
    const [row] = await tx
      .insert(pendingApprovals)
      .values({
        kind: 'add_host',
        organisationId: org.id,
        proposedByAccountId: actor.accountId,
        proposedByOrganisationId: actor.organisationId,
        firstAdminEmail: email.data,
      })
      .returning();
    await recordAudit(tx, {
      action: 'host.propose',
      actor,
      details: { approvalId: row!.id, organisationId: org.id },
      requestId: o.requestId ?? null,
    });
    return row!;
  });
}

/**
 * The second admin makes the proposal real: from another host, or, while there is only one host, another
 * admin of that host (the single-host rule in `decide`). The new host's first admin gets
 * a token, returned once to the approver to hand over (as init-secretariat does for the first host).
 */
export async function approveHost(o: AccessContext & { approvalId: number }): Promise<Approval & { firstAdminToken: IssuedToken | null }> {
  return authorisedWrite(o, { action: 'host.approve' }, async (tx, actor) => {
    authenticated(actor);
    const [proposal] = await tx.select().from(pendingApprovals).where(eq(pendingApprovals.id, o.approvalId)).for('update').limit(1);
    if (!proposal) throw new NotFoundError('No proposal has this id.');
    authorise(actor, {
      kind: 'host.approve',
      proposedBy: { accountId: proposal.proposedByAccountId, organisationId: proposal.proposedByOrganisationId },
      hostCount: await countHosts(tx),
    });
    if (proposal.decidedAt) throw new ConflictError('This proposal has already been decided.', null);
    const [decided] = await tx
      .update(pendingApprovals)
      .set({ decidedAt: new Date().toISOString(), decidedByAccountId: actor.accountId, outcome: 'approved' })
      .where(eq(pendingApprovals.id, proposal.id))
      .returning();
    await tx
      .insert(secretariatHosts)
      .values({ organisationId: proposal.organisationId, addedByAccountId: actor.accountId })
      .onConflictDoNothing();
    let firstAdminToken: IssuedToken | null = null;
    if (proposal.firstAdminEmail) {
      const admin = await findOrCreateAccount(tx, proposal.firstAdminEmail);
      await setMembership(tx, { accountId: admin.id, organisationId: proposal.organisationId, role: 'admin' });
      firstAdminToken = await insertToken(tx, {
        accountId: admin.id,
        organisationId: proposal.organisationId,
        name: 'first admin',
        scopes: scopesForRole.admin,
        createdByAccountId: actor.accountId,
      });
    }
    await recordAudit(tx, {
      action: 'host.add',
      actor,
      requestId: o.requestId ?? null,
      details: {
        approvalId: proposal.id,
        organisationId: proposal.organisationId,
        proposedBy: proposal.proposedByAccountId,
        firstAdminEmail: proposal.firstAdminEmail,
        tokenId: firstAdminToken?.id ?? null,
      },
    });
    return { ...decided!, firstAdminToken };
  });
}

/** Any host admin, the proposer included, may turn a proposal down. */
export async function declineHost(o: AccessContext & { approvalId: number }): Promise<Approval> {
  return authorisedWrite(o, { action: 'host.decline' }, async (tx, actor) => {
    authorise(actor, { kind: 'host.decline' });
    const [proposal] = await tx.select().from(pendingApprovals).where(eq(pendingApprovals.id, o.approvalId)).for('update').limit(1);
    if (!proposal) throw new NotFoundError('No proposal has this id.');
    if (proposal.decidedAt) throw new ConflictError('This proposal has already been decided.', null);
    const [decided] = await tx
      .update(pendingApprovals)
      .set({ decidedAt: new Date().toISOString(), decidedByAccountId: actor.accountId, outcome: 'declined' })
      .where(eq(pendingApprovals.id, proposal.id))
      .returning();
    await recordAudit(tx, {
      action: 'host.decline',
      actor,
      details: { approvalId: proposal.id, organisationId: proposal.organisationId },
      requestId: o.requestId ?? null,
    });
    return decided!;
  });
}
