// Webhooks (Standard Webhooks): endpoints organisations register, and the outbox of deliveries with their attempts.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { oneOf, textList } from './columns.ts';
import { accounts, entryTypes } from './editorial.ts';
import { organisations } from './organisations.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * Where an organisation wants events sent. The secret must be usable for HMAC, so it cannot be hashed like a
 * token: it is kept as issued and never answered again after creation or rotation (docs/webhooks.md).
 * After a rotation the previous secret keeps signing beside the new one until `previous_secret_until`.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    eventTypes: textList('event_types'),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: at('previous_secret_until'),
    disabledAt: at('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdBy: integer('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('webhook_endpoints_previous', sql`(${t.previousSecret} IS NULL) = (${t.previousSecretUntil} IS NULL)`),
    index('webhook_endpoints_org_idx').on(t.organisationId),
  ],
);

/**
 * The outbox: one message for one endpoint, inserted in the transaction of the change it announces. The body
 * is built from these columns at send time (so PUBLIC_URL is the server's), the same on every attempt.
 * `leased_until`: a worker is attempting it until then; after that (a crash) another may claim it.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The `webhook-id` header: the same on every attempt, so receivers can drop duplicates. */
    messageId: text('message_id').notNull().unique(),
    eventType: text('event_type').notNull(),
    entryType: text('entry_type', { enum: entryTypes }).notNull(),
    entryId: integer('entry_id').notNull(),
    slug: text('slug').notNull(),
    /** The change-log cursor of a public change; null for submission events. */
    cursor: bigint('cursor', { mode: 'number' }),
    occurredAt: at('occurred_at').notNull().defaultNow(),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    leasedUntil: at('leased_until'),
    lastStatus: smallint('last_status'),
    lastError: text('last_error'),
    deliveredAt: at('delivered_at'),
  },
  (t) => [
    check('webhook_deliveries_status', oneOf(t.status, deliveryStatuses)),
    check('webhook_deliveries_entry_type', oneOf(t.entryType, entryTypes)),
    // What the worker's claim reads: due pending rows, oldest first.
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
  ],
);

/** The delivery log: every attempt's outcome, for the owners and for replay decisions. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: smallint('attempt').notNull(),
    at: at('at').notNull().defaultNow(),
    status: smallint('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);
