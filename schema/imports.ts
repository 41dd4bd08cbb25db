// Where imported entries came from: each row of a source (a partner's spreadsheet) keyed by its external id, so
// importing the same file again changes nothing and a changed row becomes an edit of the same entry.
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { oneOf } from './columns.ts';
import { entryTypes } from './editorial.ts';

export const importKeys = pgTable(
  'import_keys',
  {
    /** Who the rows come from: `csv:<organisation slug>` unless the importer names another source. */
    source: text('source').notNull(),
    entryType: text('entry_type', { enum: entryTypes }).notNull(),
    /** The row's `id` column, or `sha256:<hex>` of its cells when it has none. */
    externalId: text('external_id').notNull(),
    entryId: integer('entry_id').notNull(),
    /** sha256 of the row's cells as last imported: an equal hash means nothing to do. */
    rowHash: text('row_hash').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.entryType, t.externalId] }),
    check('import_keys_type', oneOf(t.entryType, entryTypes)),
    index('import_keys_entry_idx').on(t.entryType, t.entryId),
  ],
);
