// Calendar subscriptions: iCalendar feeds an organisation registers, polled by the server, and the key of each
// occurrence taken from them, so polling the same feed again changes nothing and a changed event becomes an edit.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './editorial.ts';
import { organisations } from './organisations.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * A feed of an organisation's. The poller writes as `created_by` in `organisation_id` (docs/calendars.md);
 * `trusted_by` is the host admin who let its events be published without review (null: reviewed as usual).
 * `leased_until`: a poller is fetching it until then; after that (a crash) another may.
 */
export const calendarSubscriptions = pgTable(
  'calendar_subscriptions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    trustedBy: integer('trusted_by').references(() => accounts.id, { onDelete: 'set null' }),
    trustedAt: at('trusted_at'),
    etag: text('etag'),
    lastModified: text('last_modified'),
    lastPolledAt: at('last_polled_at'),
    nextPollAt: at('next_poll_at').notNull().defaultNow(),
    leasedUntil: at('leased_until'),
    lastError: text('last_error'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('calendar_subscriptions_org_idx').on(t.organisationId),
    index('calendar_subscriptions_due_idx').on(t.nextPollAt),
    // One feed once per organisation: a second registration would create every event twice.
    uniqueIndex('calendar_subscriptions_url_idx').on(t.organisationId, t.url),
  ],
);

/**
 * One occurrence of a feed's event: `UID` plus its RECURRENCE-ID (or, for a single event, its start) as a UTC
 * instant. `content_hash` is of the entry input the occurrence maps to, not of the raw text: feeds rewrite
 * DTSTAMP on every export. `vanished_at`: no longer in the feed (its entry was archived or withdrawn).
 */
export const calendarOccurrences = pgTable(
  'calendar_occurrences',
  {
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => calendarSubscriptions.id, { onDelete: 'cascade' }),
    uid: text('uid').notNull(),
    occurrence: text('occurrence').notNull(),
    entryId: integer('entry_id').notNull(),
    contentHash: text('content_hash').notNull(),
    startsAt: at('starts_at').notNull(),
    vanishedAt: at('vanished_at'),
    updatedAt: at('updated_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.uid, t.occurrence] }), index('calendar_occurrences_entry_idx').on(t.entryId)],
);
