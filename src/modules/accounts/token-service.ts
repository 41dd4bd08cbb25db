// Creating and revoking API tokens: scopes bounded by the holder's role, secrets shown once.
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, apiTokens, memberships } from '../../../schema/editorial.ts';
import type { TokenScope } from '../access/viewer.ts';
import { recordAudit } from '../access/audit.ts';
import { InvalidInputError, NotFoundError } from '../access/errors.ts';
import { scopesForRole } from '../access/permissions.ts';
import { authenticated, authorise, authorisedWrite, type AccessContext } from '../access/transaction.ts';
import { insertToken, MAX_TOKEN_DAYS, type IssuedToken } from './account-store.ts';
import { organisationBySlug } from './lookups.ts';

export interface CreateTokenOptions extends AccessContext {
  name: string;
  scopes: TokenScope[];
  expiresInDays?: number | null;
  /** For another member (default: yourself). */
  email?: string | null;
  /** The organisation the token acts for (default: your token's organisation). */
  organisation?: string | null;
}

export async function createToken(o: CreateTokenOptions): Promise<IssuedToken> {
  return authorisedWrite(o, { action: 'token.create' }, async (tx, actor) => {
    authenticated(actor);
    const org = o.organisation ? await organisationBySlug(tx, o.organisation) : null;
    const organisationId = org?.id ?? actor.organisationId;
    const email = o.email?.trim().toLowerCase();
    const [holder] = await tx
      .select({ accountId: memberships.accountId, role: memberships.role })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(
        and(
          eq(memberships.organisationId, organisationId),
          isNull(memberships.removedAt),
          email ? eq(accounts.email, email) : eq(accounts.id, actor.accountId),
        ),
      )
      .limit(1);
    authorise(actor, {
      kind: 'token.create',
      forAccountId: holder?.accountId ?? -1,
      organisationId,
      organisationIsHost: org?.isHost ?? actor.isHost,
    });
    if (!holder) throw new NotFoundError('That account is not a member of the organisation.');
    const errors = [];
    const name = o.name.trim();
    if (!name || name.length > 100) errors.push({ path: ['input', 'name'], message: 'must be 1 to 100 characters' });
    const allowed = scopesForRole[holder.role];
    const excess = o.scopes.filter((s) => !allowed.includes(s));
    if (!o.scopes.length) errors.push({ path: ['input', 'scopes'], message: 'name at least one scope' });
    if (excess.length) errors.push({ path: ['input', 'scopes'], message: `a ${holder.role} cannot hold ${excess.join(', ')}` });
    const days = o.expiresInDays ?? 90;
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
      errors.push({ path: ['input', 'expiresInDays'], message: `must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}` });
    if (errors.length) throw new InvalidInputError(errors);
    const issued = await insertToken(tx, {
      accountId: holder.accountId,
      organisationId,
      name,
      scopes: [...new Set(o.scopes)],
      expiresInDays: days,
      createdByAccountId: actor.accountId,
    });
    await recordAudit(tx, {
      action: 'token.create',
      actor,
      requestId: o.requestId ?? null,
      details: {
        tokenId: issued.id,
        displayPrefix: issued.displayPrefix,
        forAccountId: holder.accountId,
        organisationId,
        scopes: issued.scopes,
        expiresAt: issued.expiresAt,
      },
    });
    return issued;
  });
}

export async function revokeToken(o: AccessContext & { tokenId: number }): Promise<typeof apiTokens.$inferSelect> {
  return authorisedWrite(o, { action: 'token.revoke' }, async (tx, actor) => {
    const [token] = await tx.select().from(apiTokens).where(eq(apiTokens.id, o.tokenId)).for('update').limit(1);
    authenticated(actor);
    if (!token) throw new NotFoundError('No token has this id.');
    const org = await tx.query.secretariatHosts.findFirst({ where: { organisationId: token.organisationId } });
    authorise(actor, {
      kind: 'token.revoke',
      ownerAccountId: token.accountId,
      organisationId: token.organisationId,
      organisationIsHost: Boolean(org),
    });
    if (token.revokedAt) return token;
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString(), revokedByAccountId: actor.accountId })
      .where(eq(apiTokens.id, token.id))
      .returning();
    await recordAudit(tx, {
      action: 'token.revoke',
      actor,
      details: { tokenId: token.id, displayPrefix: token.displayPrefix, ownerAccountId: token.accountId },
      requestId: o.requestId ?? null,
    });
    return revoked!;
  });
}
