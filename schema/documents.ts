// GraphQL documents clients registered: served by their hash (persisted GETs) and compiled once where the compiled path can.
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './editorial.ts';

/** Registered documents are capped well below the request body cap; the API refuses larger ones by name. */
export const MAX_DOCUMENT_BYTES = 20_000;

export const registeredDocuments = pgTable(
  'registered_documents',
  {
    /** 'sha256:' + hex of the exact UTF-8 text: the `documentId` clients send. */
    id: text('id').primaryKey(),
    document: text('document').notNull(),
    /** The operation's name when the document holds exactly one named operation. */
    operationName: text('operation_name'),
    registeredByAccountId: integer('registered_by_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    // The id is a promise about the text: the database keeps it (a mismatched pair could serve the wrong query).
    check('registered_documents_id_is_hash', sql`${t.id} = 'sha256:' || encode(sha256(convert_to(${t.document}, 'UTF8')), 'hex')`),
    check('registered_documents_size', sql`octet_length(${t.document}) <= ${sql.raw(String(MAX_DOCUMENT_BYTES))}`),
  ],
);
