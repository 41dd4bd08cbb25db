// Bootstrapping the secretariat from the command line: the first host, its admin and the admin's token.
import { sql } from 'drizzle-orm';
import { organisations } from '../../../schema/organisations.ts';
import { PUBLISHED } from '../../../schema/columns.ts';
import { secretariatHosts } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { notifyEntryChanged } from '../catalogue/changes.ts';
import { recordAudit } from '../access/audit.ts';
import { scopesForRole } from '../access/permissions.ts';
import { findOrCreateAccount, insertToken, setMembership, type IssuedToken } from './account-store.ts';

export class AlreadyInitialisedError extends Error {
  override name = 'AlreadyInitialisedError';
}

/**
 * Bootstraps the secretariat from the command line: the first host (found by slug or name, or
 * created), its first admin and that admin's token. Refuses once any host exists.
 */
export async function initSecretariat(o: {
  db: Db;
  host: string;
  adminEmail: string;
}): Promise<{ organisation: { id: number; slug: string; name: string }; accountId: number; token: IssuedToken }> {
  return o.db.transaction(async (tx) => {
    // Two runs at once would both see no host; the lock makes the second wait and then refuse.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7242011)`);
    const [existing] = await tx.select({ id: secretariatHosts.organisationId }).from(secretariatHosts).limit(1);
    if (existing) throw new AlreadyInitialisedError('The secretariat already has a host; add more through proposeHost and approveHost.');
    const name = o.host.trim();
    const slug =
      name
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'host';
    let [org] = await tx
      .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
      .from(organisations)
      .where(sql`${organisations.slug} = ${name} OR lower(${organisations.name}) = lower(${name})`)
      .limit(1);
    if (!org) {
      [org] = await tx
        .insert(organisations)
        .values({ slug, name, kind: 'other', publicationState: PUBLISHED })
        .returning({ id: organisations.id, slug: organisations.slug, name: organisations.name });
      await notifyEntryChanged(tx, { type: 'organisation', id: org!.id, slug: org!.slug });
    }
    const account = await findOrCreateAccount(tx, o.adminEmail);
    await tx.insert(secretariatHosts).values({ organisationId: org!.id, addedByAccountId: account.id });
    await setMembership(tx, { accountId: account.id, organisationId: org!.id, role: 'admin' });
    const token = await insertToken(tx, {
      accountId: account.id,
      organisationId: org!.id,
      name: 'init-secretariat',
      scopes: scopesForRole.admin,
      createdByAccountId: account.id,
    });
    const actor = { accountId: account.id, organisationId: org!.id, tokenId: null };
    await recordAudit(tx, {
      action: 'secretariat.init',
      actor,
      details: { organisationId: org!.id, email: account.email, tokenId: token.id, displayPrefix: token.displayPrefix },
    });
    return { organisation: org!, accountId: account.id, token };
  });
}
