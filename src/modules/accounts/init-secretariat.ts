// Founding the secretariat: its first hosts (one or several at once), an admin of each and that admin's token.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { organisations } from '../../../schema/organisations.ts';
import { PUBLISHED } from '../../../schema/columns.ts';
import { secretariatHosts } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { FieldError } from '../../errors.ts';
import { notifyEntryChanged } from '../catalogue/changes.ts';
import { recordPublicChange } from '../catalogue/change-log.ts';
import { proposeSlug } from '../catalogue/slugs.ts';
import { recordAudit } from '../access/audit.ts';
import { InvalidInputError } from '../access/errors.ts';
import { scopesForRole } from '../access/permissions.ts';
import { findOrCreateAccount, insertToken, setMembership, type IssuedToken } from './account-store.ts';

export class AlreadyInitialisedError extends Error {
  override name = 'AlreadyInitialisedError';
}

export interface FoundingHost {
  /** The organisation: found by slug or name, created if new. */
  host: string;
  adminEmail: string;
}

export interface FoundedHost {
  organisation: { id: number; slug: string; name: string };
  accountId: number;
  token: IssuedToken;
}

const email = z.email().max(320);

/** Field errors for the list as given, so the command line and the setup page can name what to fix. */
function validate(hosts: readonly FoundingHost[]): FoundingHost[] {
  const errors: FieldError[] = [];
  if (!hosts.length) errors.push({ path: ['hosts'], message: 'name at least one founding host' });
  const seen = new Set<string>();
  const clean = hosts.map((h, i) => {
    const host = h.host.trim();
    const adminEmail = h.adminEmail.trim().toLowerCase();
    if (!host) errors.push({ path: ['hosts', String(i), 'host'], message: 'is required: the name or slug of an organisation' });
    else if (host.length > 300) errors.push({ path: ['hosts', String(i), 'host'], message: 'must be at most 300 characters' });
    else if (seen.has(host.toLowerCase())) errors.push({ path: ['hosts', String(i), 'host'], message: `"${host}" is listed twice` });
    seen.add(host.toLowerCase());
    if (!email.safeParse(adminEmail).success)
      errors.push({ path: ['hosts', String(i), 'adminEmail'], message: 'must be an email address' });
    return { host, adminEmail };
  });
  if (errors.length) throw new InvalidInputError(errors);
  return clean;
}

/**
 * Founds the secretariat with `hosts`, in order, in one transaction: each organisation becomes a host with
 * its admin, who gets a token (returned once). Refuses once any host exists: from then on hosts are added by
 * proposeHost and approveHost.
 */
export async function initSecretariat(o: { db: Db; hosts: readonly FoundingHost[] }): Promise<{ hosts: FoundedHost[] }> {
  const wanted = validate(o.hosts);
  return o.db.transaction(async (tx) => {
    // Two runs at once would both see no host; the lock makes the second wait and then refuse.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7242011)`);
    const [existing] = await tx.select({ id: secretariatHosts.organisationId }).from(secretariatHosts).limit(1);
    if (existing) throw new AlreadyInitialisedError('The secretariat already has a host; add more through proposeHost and approveHost.');
    const founded: FoundedHost[] = [];
    const created: { id: number; slug: string }[] = [];
    for (const h of wanted) {
      let [org] = await tx
        .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
        .from(organisations)
        .where(sql`${organisations.slug} = ${h.host} OR lower(${organisations.name}) = lower(${h.host})`)
        .limit(1);
      if (!org) {
        [org] = await tx
          .insert(organisations)
          .values({ slug: await proposeSlug(tx, 'organisation', h.host), name: h.host, kind: 'other', publicationState: PUBLISHED })
          .returning({ id: organisations.id, slug: organisations.slug, name: organisations.name });
        await notifyEntryChanged(tx, { type: 'organisation', id: org!.id, slug: org!.slug });
        created.push(org!);
      }
      // Two names for one organisation (its slug and its name) would make it a host twice.
      if (founded.some((f) => f.organisation.id === org!.id)) {
        throw new InvalidInputError([{ path: ['hosts', String(founded.length), 'host'], message: `names ${org!.name} a second time` }]);
      }
      const account = await findOrCreateAccount(tx, h.adminEmail);
      await tx.insert(secretariatHosts).values({ organisationId: org!.id, addedByAccountId: account.id });
      await setMembership(tx, { accountId: account.id, organisationId: org!.id, role: 'admin' });
      const token = await insertToken(tx, {
        accountId: account.id,
        organisationId: org!.id,
        name: 'init-secretariat',
        scopes: scopesForRole.admin,
        createdByAccountId: account.id,
      });
      await recordAudit(tx, {
        action: 'secretariat.init',
        actor: { accountId: account.id, organisationId: org!.id, tokenId: null },
        details: { organisationId: org!.id, email: account.email, tokenId: token.id, displayPrefix: token.displayPrefix },
      });
      founded.push({ organisation: org!, accountId: account.id, token });
    }
    // Published without the workflow, so announced here; last, so the change log's lock is held only until the commit.
    for (const org of created) {
      const after = { publicationState: PUBLISHED as typeof PUBLISHED, slug: org.slug };
      await recordPublicChange(tx, { type: 'organisation', id: org.id }, { before: null, after, contentWritten: true });
    }
    return { hosts: founded };
  });
}
