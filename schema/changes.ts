// The change log: what followers of the directory read. One row per change to the public view of an entry.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { oneOf } from './columns.ts';
import { entryTypes } from './editorial.ts';

/**
 * created: first public; updated: public content changed; renamed: slug changed (old_slug kept);
 * published: public again after leaving; archived and unpublished: left the public view (a tombstone).
 */
export const changeActions = ['created', 'updated', 'renamed', 'published', 'archived', 'unpublished'] as const;
export type ChangeAction = (typeof changeActions)[number];
/** The actions after which the entry is no longer public: the feed gives them a tombstone. */
export const leavingActions: readonly ChangeAction[] = ['archived', 'unpublished'];

/**
 * Append-only, kept for ever (tombstones too): a follower may resume from any cursor it was given. The
 * cursor is drawn under a transaction-scoped advisory lock, so cursors follow commit order
 * (src/modules/catalogue/change-log.ts).
 */
export const changeLog = pgTable(
  'change_log',
  {
    cursor: bigint('cursor', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    entryType: text('entry_type', { enum: entryTypes }).notNull(),
    entryId: integer('entry_id').notNull(),
    slug: text('slug').notNull(),
    oldSlug: text('old_slug'),
    action: text('action', { enum: changeActions }).notNull(),
  },
  (t) => [
    check('change_log_entry_type', oneOf(t.entryType, entryTypes)),
    check('change_log_action', oneOf(t.action, changeActions)),
    check('change_log_old_slug', sql`(${t.action} = 'renamed') = (${t.oldSlug} IS NOT NULL)`),
    index('change_log_entry_idx').on(t.entryType, t.entryId, t.cursor),
  ],
);
