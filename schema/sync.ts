// Pull-sync between directories: the sources an operator follows, and where each entry they brought comes from,
// so a changed entry becomes an edit of the same one and nothing a source brought is exported again as local.
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf } from './columns.ts';
import { accounts, entryTypes } from './editorial.ts';
import { organisations } from './organisations.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * Another directory (anything serving the snapshot and the change feed, docs/following.md). The poller writes
 * as `written_by`, a member of `organisation_id`, which maintains what the source brings; `trusted_by` is the
 * host admin who let its entries be published without review. `cursor` is where the next poll reads from
 * (null: take the snapshot first).
 */
export const syncSources = pgTable(
  'sync_sources',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    baseUrl: text('base_url').notNull(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    writtenBy: integer('written_by')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    trustedBy: integer('trusted_by').references(() => accounts.id, { onDelete: 'set null' }),
    trustedAt: at('trusted_at'),
    cursor: text('cursor'),
    etag: text('etag'),
    lastPolledAt: at('last_polled_at'),
    nextPollAt: at('next_poll_at').notNull().defaultNow(),
    leasedUntil: at('leased_until'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sync_sources_name_idx').on(t.name), index('sync_sources_due_idx').on(t.nextPollAt)],
);

/**
 * An entry brought by a source: its id and page there. The source's name is kept beside its id, so an entry
 * stays marked as another directory's after the source is removed (and is still never exported as local).
 * `content_hash` is of the input the origin's row mapped to: equal means nothing to do.
 */
export const entryOrigins = pgTable(
  'entry_origins',
  {
    entryType: text('entry_type', { enum: entryTypes }).notNull(),
    entryId: integer('entry_id').notNull(),
    sourceId: integer('source_id').references(() => syncSources.id, { onDelete: 'set null' }),
    sourceName: text('source_name').notNull(),
    originId: text('origin_id').notNull(),
    originUrl: text('origin_url'),
    contentHash: text('content_hash').notNull(),
    /** Archived or withdrawn here because the origin archived or unpublished it. */
    retiredAt: at('retired_at'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.entryType, t.entryId] }),
    check('entry_origins_type', oneOf(t.entryType, entryTypes)),
    uniqueIndex('entry_origins_source_idx').on(t.sourceId, t.originId),
  ],
);
