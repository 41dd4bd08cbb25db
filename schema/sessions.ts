// Sign-in for people: one-time email links and the browser sessions they open. Only hashes of secrets are kept.
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { accounts } from './editorial.ts';
import { organisations } from './organisations.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const signInPurposes = ['sign_in', 'invitation', 'setup'] as const;

/** A link mailed to an account: usable once, for a few minutes (invitations for longer). */
export const signInLinks = pgTable(
  'sign_in_links',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    secretHash: text('secret_hash').notNull().unique(),
    purpose: text('purpose', { enum: signInPurposes }).notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
  },
  (t) => [
    check('sign_in_links_purpose', sql`${t.purpose} IN ('sign_in', 'invitation', 'setup')`),
    index('sign_in_links_account_idx').on(t.accountId),
  ],
);

/** A signed-in browser: the cookie holds the secret, the row its hash, the membership it acts in, and its end. */
export const sessions = pgTable(
  'sessions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    /** The organisation it acts for: switched from the console's header; moved on when that membership ends. */
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    secretHash: text('secret_hash').notNull().unique(),
    userAgent: text('user_agent'),
    createdAt: at('created_at').notNull().defaultNow(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);
