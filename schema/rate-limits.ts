// Requests counted per client and window, shared by every server of one PostgreSQL (src/http/shared-rate-store.ts).
import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * UNLOGGED (set by hand in the migration; drizzle-kit cannot say it): counts that last a minute are not worth
 * writing to the WAL, and losing them in a crash only gives clients a fresh budget.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    /** Start of the window, in epoch milliseconds: every server computes the same one from its clock. */
    windowStart: bigint('window_start', { mode: 'number' }).notNull(),
    key: text('key').notNull(),
    hits: integer('hits').notNull(),
  },
  // Window first, so dropping old windows is a range scan of the key.
  (t) => [primaryKey({ columns: [t.windowStart, t.key] })],
);
