// Announces that an entry changed, inside the writing transaction, so caches everywhere can drop it.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.ts';

export const ENTRY_CHANGED_CHANNEL = 'entry_changed';

export type EntryType = 'organisation' | 'caseStudy' | 'method' | 'event' | 'eventSeries' | 'topic';

export interface EntryChange {
  type: EntryType;
  id: number;
  slug?: string;
}

/**
 * NOTIFY is transactional: listeners hear of the change only if the transaction commits. Every
 * write path calls this with its transaction handle (`tx`, never the outer `db`).
 */
export async function notifyEntryChanged(tx: Pick<Db, 'execute'>, change: EntryChange): Promise<void> {
  await tx.execute(sql`SELECT ${entryChangedNotice(change)}`);
}

/** The notice as an SQL expression, for a write that announces itself in a statement it sends anyway (a RETURNING). */
export function entryChangedNotice(change: EntryChange): SQL {
  return sql`pg_notify(${ENTRY_CHANGED_CHANNEL}, ${JSON.stringify(change)})`;
}
