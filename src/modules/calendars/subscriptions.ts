// Subscribing an organisation to a calendar, trusting one, ending one: each one authorised write.
import { and, eq, sql } from 'drizzle-orm';
import { calendarSubscriptions } from '../../../schema/calendars.ts';
import { secretariatHosts } from '../../../schema/editorial.ts';
import { organisations } from '../../../schema/organisations.ts';
import type { Db } from '../../db.ts';
import { countHosts, type Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { decide, type Action } from '../access/permissions.ts';
import { authenticated, authorisedWrite, type AccessContext } from '../access/transaction.ts';
import type { UrlPolicy } from '../webhooks/endpoint-url.ts';
import { normaliseFeedUrl, refusalOfFeedUrl } from './feed-url.ts';

export type SubscriptionRow = typeof calendarSubscriptions.$inferSelect;

const missingSubscription = () => new NotFoundError('No calendar subscription has this id.');

/** The organisation named by slug, or the actor's own when none is named. */
async function organisationOf(tx: Db, actor: Actor, slug: string | null | undefined): Promise<number | null> {
  if (!slug) return actor.organisationId;
  const [org] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return org?.id ?? null;
}

/**
 * The subscription, locked, after the matrix allowed `action` on it. One the caller may not read (another
 * organisation's, and not a host reviewer or admin) is refused, audited, and answered as a missing one.
 */
async function lockedSubscription(tx: Db, actor: Actor, id: number, action: (row: SubscriptionRow) => Promise<Action>) {
  const [row] = await tx.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.id, id)).for('update').limit(1);
  if (!row) {
    const decision = decide(actor, { kind: 'calendar.manage', organisationId: actor.organisationId });
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    throw missingSubscription();
  }
  const decision = decide(actor, await action(row));
  if (!decision.allowed) {
    const visible = decide(actor, { kind: 'calendar.read', organisationId: row.organisationId }).allowed;
    throw new ForbiddenError(decision.reason, visible ? undefined : missingSubscription());
  }
  return row;
}

export function subscribeCalendar(
  o: AccessContext & { organisation?: string | null; url: string; policy: UrlPolicy },
): Promise<SubscriptionRow> {
  return authorisedWrite(o, { action: 'calendar.subscribe' }, async (tx, actor) => {
    authenticated(actor);
    const organisationId = await organisationOf(tx, actor, o.organisation);
    // An organisation one may not subscribe is refused alike whether or not it exists.
    const decision = decide(actor, { kind: 'calendar.manage', organisationId: organisationId ?? -1 });
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    const refusal = refusalOfFeedUrl(o.url, o.policy);
    if (refusal) throw new InvalidInputError([{ path: ['url'], message: refusal }]);
    const url = normaliseFeedUrl(o.url);
    const [taken] = await tx
      .select({ id: calendarSubscriptions.id })
      .from(calendarSubscriptions)
      .where(and(eq(calendarSubscriptions.organisationId, organisationId!), eq(calendarSubscriptions.url, url)))
      .limit(1);
    if (taken) throw new InvalidInputError([{ path: ['url'], message: 'is already subscribed for this organisation' }]);
    const [row] = await tx
      .insert(calendarSubscriptions)
      .values({ organisationId: organisationId!, url, createdBy: actor.accountId })
      .returning();
    await recordAudit(tx, {
      action: 'calendar.subscribe',
      actor,
      requestId: o.requestId ?? null,
      details: { subscriptionId: row!.id, url },
    });
    return row!;
  });
}

/** Trusting publishes the feed's events without review from its next poll; withdrawing trust brings review back. */
export function setCalendarTrusted(o: AccessContext & { subscriptionId: number; trusted: boolean }): Promise<SubscriptionRow> {
  return authorisedWrite(o, { action: 'calendar.trust' }, async (tx, actor) => {
    authenticated(actor);
    const row = await lockedSubscription(tx, actor, o.subscriptionId, async (r) => ({
      kind: 'calendar.trust',
      trusted: o.trusted,
      subscriber: { accountId: r.createdBy, organisationId: r.organisationId, isHost: await isHost(tx, r.organisationId) },
      hostCount: await countHosts(tx),
    }));
    const [updated] = await tx
      .update(calendarSubscriptions)
      .set(o.trusted ? { trustedBy: actor.accountId, trustedAt: sql`now()` } : { trustedBy: null, trustedAt: null })
      .where(eq(calendarSubscriptions.id, row.id))
      .returning();
    await recordAudit(tx, {
      action: 'calendar.trust',
      actor,
      requestId: o.requestId ?? null,
      details: { subscriptionId: row.id, url: row.url, trusted: o.trusted },
    });
    return updated!;
  });
}

/** Ends the subscription. The entries it brought stay, in whatever state they are: they are the directory's now. */
export function unsubscribeCalendar(o: AccessContext & { subscriptionId: number }): Promise<{ id: number }> {
  return authorisedWrite(o, { action: 'calendar.unsubscribe' }, async (tx, actor) => {
    authenticated(actor);
    const row = await lockedSubscription(tx, actor, o.subscriptionId, async (r) => ({
      kind: 'calendar.manage',
      organisationId: r.organisationId,
    }));
    await tx.delete(calendarSubscriptions).where(eq(calendarSubscriptions.id, row.id));
    await recordAudit(tx, {
      action: 'calendar.unsubscribe',
      actor,
      requestId: o.requestId ?? null,
      details: { subscriptionId: row.id, url: row.url },
    });
    return { id: row.id };
  });
}

async function isHost(tx: Db, organisationId: number): Promise<boolean> {
  const [h] = await tx
    .select({ id: secretariatHosts.organisationId })
    .from(secretariatHosts)
    .where(eq(secretariatHosts.organisationId, organisationId))
    .limit(1);
  return Boolean(h);
}
