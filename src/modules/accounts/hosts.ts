// The secretariat: bootstrapping the first host, and adding hosts with the consent of admins of two different hosts.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { organisations } from '../../../schema/organisations.ts';
import { pendingApprovals, secretariatHosts } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { notifyEntryChanged } from '../catalogue/changes.ts';
import { recordAudit } from '../editorial/audit.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../editorial/errors.ts';
import { scopesForRole } from '../editorial/permissions.ts';
import { authenticated, authorise, editorialWrite, type EditorialContext } from '../editorial/transaction.ts';
import { findOrCreateAccount, insertToken, setMembership, type IssuedToken } from './account-store.ts';
import { organisationBySlug } from './lookups.ts';

export type Approval = typeof pendingApprovals.$inferSelect;

const adminEmail = z.email().max(320);

export async function proposeHost(o: EditorialContext & { organisation: string; firstAdminEmail: string }): Promise<Approval> {
  return editorialWrite(o, { action: 'host.propose' }, async (tx, actor) => {
    authorise(actor, { kind: 'host.propose' });
    const org = await organisationBySlug(tx, o.organisation);
    if (org.isHost) throw new InvalidInputError([{ path: ['organisation'], message: `${org.name} is already a host` }]);
    const email = adminEmail.safeParse(o.firstAdminEmail.trim().toLowerCase());
    if (!email.success) throw new InvalidInputError([{ path: ['firstAdminEmail'], message: 'must be an email address' }]);
    const [open] = await tx.select().from(pendingApprovals).where(sql`${pendingApprovals.organisationId} = ${org.id} AND ${pendingApprovals.decidedAt} IS NULL`).limit(1);
    if (open) throw new ConflictError(`${org.name} has already been proposed (approval ${open.id}).`, null);
    const [row] = await tx.insert(pendingApprovals).values({ kind: 'add_host', organisationId: org.id, proposedByAccountId: actor.accountId, proposedByOrganisationId: actor.organisationId, firstAdminEmail: email.data }).returning();
    await recordAudit(tx, { action: 'host.propose', actor, details: { approvalId: row!.id, organisationId: org.id }, requestId: o.requestId ?? null });
    return row!;
  });
}

/**
 * The second admin, from another host, makes the proposal real. The new host's first admin gets
 * a token, returned once to the approver to hand over (as init-secretariat does for the first host).
 */
export async function approveHost(o: EditorialContext & { approvalId: number }): Promise<Approval & { firstAdminToken: IssuedToken | null }> {
  return editorialWrite(o, { action: 'host.approve' }, async (tx, actor) => {
    authenticated(actor);
    const [proposal] = await tx.select().from(pendingApprovals).where(eq(pendingApprovals.id, o.approvalId)).for('update').limit(1);
    if (!proposal) throw new NotFoundError('No proposal has this id.');
    authorise(actor, { kind: 'host.approve', proposedBy: { accountId: proposal.proposedByAccountId, organisationId: proposal.proposedByOrganisationId } });
    if (proposal.decidedAt) throw new ConflictError('This proposal has already been decided.', null);
    const [decided] = await tx.update(pendingApprovals).set({ decidedAt: new Date().toISOString(), decidedByAccountId: actor.accountId, outcome: 'approved' }).where(eq(pendingApprovals.id, proposal.id)).returning();
    await tx.insert(secretariatHosts).values({ organisationId: proposal.organisationId, addedByAccountId: actor.accountId }).onConflictDoNothing();
    let firstAdminToken: IssuedToken | null = null;
    if (proposal.firstAdminEmail) {
      const admin = await findOrCreateAccount(tx, proposal.firstAdminEmail);
      await setMembership(tx, { accountId: admin.id, organisationId: proposal.organisationId, role: 'admin' });
      firstAdminToken = await insertToken(tx, { accountId: admin.id, organisationId: proposal.organisationId, name: 'first admin', scopes: scopesForRole.admin, createdByAccountId: actor.accountId });
    }
    await recordAudit(tx, {
      action: 'host.add', actor, requestId: o.requestId ?? null,
      details: { approvalId: proposal.id, organisationId: proposal.organisationId, proposedBy: proposal.proposedByAccountId, firstAdminEmail: proposal.firstAdminEmail, tokenId: firstAdminToken?.id ?? null },
    });
    return { ...decided!, firstAdminToken };
  });
}

export class AlreadyInitialisedError extends Error {
  override name = 'AlreadyInitialisedError';
}

/**
 * Bootstraps the secretariat from the command line: the first host (found by slug or name, or
 * created), its first admin and that admin's token. Refuses once any host exists.
 */
export async function initSecretariat(o: { db: Db; host: string; adminEmail: string }): Promise<{ organisation: { id: number; slug: string; name: string }; accountId: number; token: IssuedToken }> {
  return o.db.transaction(async (tx) => {
    // Two runs at once would both see no host; the lock makes the second wait and then refuse.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7242011)`);
    const [existing] = await tx.select({ id: secretariatHosts.organisationId }).from(secretariatHosts).limit(1);
    if (existing) throw new AlreadyInitialisedError('The secretariat already has a host; add more through proposeHost and approveHost.');
    const name = o.host.trim();
    const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'host';
    let [org] = await tx.select({ id: organisations.id, slug: organisations.slug, name: organisations.name }).from(organisations)
      .where(sql`${organisations.slug} = ${name} OR lower(${organisations.name}) = lower(${name})`).limit(1);
    if (!org) {
      [org] = await tx.insert(organisations).values({ slug, name, kind: 'other', publicationState: 'published' }).returning({ id: organisations.id, slug: organisations.slug, name: organisations.name });
      await notifyEntryChanged(tx, { type: 'organisation', id: org!.id, slug: org!.slug });
    }
    const account = await findOrCreateAccount(tx, o.adminEmail);
    await tx.insert(secretariatHosts).values({ organisationId: org!.id, addedByAccountId: account.id });
    await setMembership(tx, { accountId: account.id, organisationId: org!.id, role: 'admin' });
    const token = await insertToken(tx, { accountId: account.id, organisationId: org!.id, name: 'init-secretariat', scopes: scopesForRole.admin, createdByAccountId: account.id });
    const actor = { accountId: account.id, organisationId: org!.id, tokenId: null };
    await recordAudit(tx, { action: 'secretariat.init', actor, details: { organisationId: org!.id, email: account.email, tokenId: token.id, displayPrefix: token.displayPrefix } });
    return { organisation: org!, accountId: account.id, token };
  });
}
