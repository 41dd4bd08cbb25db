// Which organisation a browser session acts for: switched, through the kernel, to another of the account's memberships.
import { and, eq, isNull } from 'drizzle-orm';
import { memberships } from '../../../schema/editorial.ts';
import { sessions } from '../../../schema/sessions.ts';
import { recordAudit } from '../access/audit.ts';
import { authenticated, authorise, authorisedWrite, type AccessContext } from '../access/transaction.ts';

/**
 * Makes the session act for `organisationId`; from its next request every page and post has that membership's
 * role and scopes. A forged id (an organisation the account is not a current member of) is refused and audited.
 */
export async function switchSessionOrganisation(o: AccessContext & { organisationId: number }): Promise<void> {
  await authorisedWrite(o, { action: 'session.switch' }, async (tx, actor) => {
    authenticated(actor);
    const [held] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(eq(memberships.accountId, actor.accountId), eq(memberships.organisationId, o.organisationId), isNull(memberships.removedAt)),
      )
      .limit(1);
    const sessionId = o.viewer?.sessionId;
    authorise(actor, { kind: 'session.switch', member: Boolean(held), viaSession: actor.tokenId === null && sessionId !== undefined });
    await tx
      .update(sessions)
      .set({ organisationId: o.organisationId })
      .where(and(eq(sessions.id, sessionId!), eq(sessions.accountId, actor.accountId)));
    await recordAudit(tx, {
      action: 'session.switch',
      actor,
      details: { sessionId, from: actor.organisationId, to: o.organisationId },
      requestId: o.requestId ?? null,
    });
  });
}
