// Registering, rotating and deleting webhook endpoints, and replaying a delivery: each one authorised write.
import { and, eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../../schema/webhooks.ts';
import type { Db } from '../../db.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { decide } from '../access/permissions.ts';
import { authenticated, authorise, authorisedWrite, type AccessContext } from '../access/transaction.ts';
import { refusalOfUrl, type UrlPolicy } from './endpoint-url.ts';
import { webhookEventTypes } from '../catalogue/webhook-events.ts';
import { DEFAULT_GRACE_HOURS, generateWebhookSecret, MAX_GRACE_HOURS } from './secrets.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** An endpoint with its secret, answered only by the write that made the secret. */
export interface IssuedEndpoint {
  endpoint: EndpointRow;
  secret: string;
}

const missingEndpoint = () => new NotFoundError('No webhook endpoint has this id.');

/**
 * The caller's organisation's endpoint, locked. Another organisation's is refused (and audited) but answered as a
 * missing one, so ids cannot be probed.
 */
async function ownEndpoint(tx: Db, actor: Actor, id: number): Promise<EndpointRow> {
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for('update').limit(1);
  const decision = decide(actor, { kind: 'webhook.manage', organisationId: row?.organisationId ?? actor.organisationId });
  const foreign = row !== undefined && row.organisationId !== actor.organisationId;
  if (!decision.allowed) throw new ForbiddenError(decision.reason, foreign ? missingEndpoint() : undefined);
  if (!row) throw missingEndpoint();
  return row;
}

function checkInput(o: { url: string; eventTypes: readonly string[]; policy: UrlPolicy }) {
  const errors = [];
  const urlRefusal = o.url.length > 2000 ? 'must be at most 2000 characters' : refusalOfUrl(o.url.trim(), o.policy);
  if (urlRefusal) errors.push({ path: ['input', 'url'], message: urlRefusal });
  const unknown = o.eventTypes.filter((t) => !webhookEventTypes.includes(t));
  if (!o.eventTypes.length) errors.push({ path: ['input', 'eventTypes'], message: 'name at least one event type' });
  if (unknown.length)
    errors.push({ path: ['input', 'eventTypes'], message: `${unknown.map((t) => JSON.stringify(t)).join(', ')} is not an event type` });
  if (errors.length) throw new InvalidInputError(errors);
}

export function createWebhookEndpoint(
  o: AccessContext & { url: string; eventTypes: readonly string[]; policy: UrlPolicy },
): Promise<IssuedEndpoint> {
  return authorisedWrite(o, { action: 'webhook.create' }, async (tx, actor) => {
    authenticated(actor);
    authorise(actor, { kind: 'webhook.manage', organisationId: actor.organisationId });
    checkInput(o);
    const secret = generateWebhookSecret();
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({
        organisationId: actor.organisationId,
        url: o.url.trim(),
        eventTypes: [...new Set(o.eventTypes)],
        secret,
        createdBy: actor.accountId,
      })
      .returning();
    await recordAudit(tx, {
      action: 'webhook.create',
      actor,
      requestId: o.requestId ?? null,
      details: { endpointId: endpoint!.id, url: endpoint!.url, eventTypes: endpoint!.eventTypes },
    });
    return { endpoint: endpoint!, secret };
  });
}

/** A new secret; the old one keeps signing beside it for `graceHours`, so receivers can switch without a gap. */
export function rotateWebhookSecret(o: AccessContext & { endpointId: number; graceHours?: number | null }): Promise<IssuedEndpoint> {
  return authorisedWrite(o, { action: 'webhook.rotate' }, async (tx, actor) => {
    authenticated(actor);
    const row = await ownEndpoint(tx, actor, o.endpointId);
    const hours = o.graceHours ?? DEFAULT_GRACE_HOURS;
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_GRACE_HOURS)
      throw new InvalidInputError([{ path: ['graceHours'], message: `must be a whole number of hours from 0 to ${MAX_GRACE_HOURS}` }]);
    const secret = generateWebhookSecret();
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set(
        hours === 0
          ? { secret, previousSecret: null, previousSecretUntil: null }
          : { secret, previousSecret: row.secret, previousSecretUntil: sql`now() + make_interval(hours => ${hours})` },
      )
      .where(eq(webhookEndpoints.id, row.id))
      .returning();
    await recordAudit(tx, {
      action: 'webhook.rotate',
      actor,
      requestId: o.requestId ?? null,
      details: { endpointId: row.id, graceHours: hours },
    });
    return { endpoint: endpoint!, secret };
  });
}

/** Deletes the endpoint with its deliveries and their log: nothing more is sent there. */
export function deleteWebhookEndpoint(o: AccessContext & { endpointId: number }): Promise<{ id: number }> {
  return authorisedWrite(o, { action: 'webhook.delete' }, async (tx, actor) => {
    authenticated(actor);
    const row = await ownEndpoint(tx, actor, o.endpointId);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, row.id));
    await recordAudit(tx, {
      action: 'webhook.delete',
      actor,
      requestId: o.requestId ?? null,
      details: { endpointId: row.id, url: row.url },
    });
    return { id: row.id };
  });
}

/**
 * Sends a delivery again, as soon as a worker is free: the same message (`webhook-id`, body), as the spec asks of
 * a replay, so a receiver that did get it can tell. One more attempt, not a new schedule: a replay that fails is
 * marked failed again.
 */
export function replayWebhookDelivery(o: AccessContext & { deliveryId: number }): Promise<typeof webhookDeliveries.$inferSelect> {
  return authorisedWrite(o, { action: 'webhook.replay' }, async (tx, actor) => {
    authenticated(actor);
    const [found] = await tx
      .select({ endpointId: webhookDeliveries.endpointId })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, o.deliveryId))
      .limit(1);
    if (!found) {
      authorise(actor, { kind: 'webhook.manage', organisationId: actor.organisationId });
      throw new NotFoundError('No webhook delivery has this id.');
    }
    const endpoint = await ownEndpoint(tx, actor, found.endpointId);
    if (endpoint.disabledAt) throw new ConflictError(`The endpoint is disabled: ${endpoint.disabledReason ?? 'no reason given'}`, null);
    const [delivery] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: sql`now()`, leasedUntil: null })
      // A delivery being attempted right now is left to that attempt.
      .where(
        and(
          eq(webhookDeliveries.id, o.deliveryId),
          sql`(${webhookDeliveries.leasedUntil} IS NULL OR ${webhookDeliveries.leasedUntil} <= now())`,
        ),
      )
      .returning();
    if (!delivery) throw new ConflictError('This delivery is being attempted now; look again in a moment.', null);
    await recordAudit(tx, {
      action: 'webhook.replay',
      actor,
      requestId: o.requestId ?? null,
      details: { endpointId: endpoint.id, deliveryId: delivery.id },
    });
    return delivery;
  });
}
