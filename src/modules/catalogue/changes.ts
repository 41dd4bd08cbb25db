// Announces that an entry changed, inside the writing transaction, so caches everywhere can drop it.
import { sql, type SQL } from 'drizzle-orm';
import { auditLog, type EntryType } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { auditValues, type AuditEntry } from '../access/audit.ts';
import { submissionEvents } from './webhook-events.ts';
import { enqueueSubmissionEvent } from './webhook-outbox.ts';
import { publicChangeOf, recordPublicChange, type PublicTransition } from './change-log.ts';

export const ENTRY_CHANGED_CHANNEL = 'entry_changed';

export type { EntryType };

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

/**
 * An entry write's audit row and its change notice in one statement (the notice rides on the insert's
 * RETURNING, which runs once for the one row): this is where every entry write invalidates caches. And,
 * when the write changed what the public sees, where it enters the change log followers read, last, as
 * its lock is then held only until the commit that follows. A workflow step also queues its submission
 * webhooks here, in the same transaction.
 */
export async function recordEntryChange(
  tx: Pick<Db, 'insert' | 'execute' | 'select'>,
  audit: AuditEntry,
  change: EntryChange,
  transition: PublicTransition,
): Promise<void> {
  await tx
    .insert(auditLog)
    .values(auditValues(audit))
    .returning({ announced: entryChangedNotice(change) });
  await enqueueSubmissionEvent(tx, audit.action, { type: change.type, id: change.id, slug: transition.after.slug });
  await recordPublicChange(tx, change, transition);
}

/**
 * `recordEntryChange` as a part of a statement the write sends anyway (a CTE beside its revision's insert), when
 * the audit row and its notice are all it would record; `revisionId` may be an expression over that statement's
 * other parts. Null when the write queues submission webhooks or changes the public view: those take
 * `recordEntryChange` and its own statements.
 */
export function entryChangePart(
  tx: Pick<Db, 'insert'>,
  audit: AuditEntry,
  change: EntryChange,
  transition: PublicTransition,
  revisionId: SQL,
): SQL | null {
  if (audit.action.replace(/^entry\./, '') in submissionEvents || publicChangeOf(transition, true)) return null;
  return tx
    .insert(auditLog)
    .values({ ...auditValues(audit), revisionId })
    .returning({ announced: entryChangedNotice(change) })
    .getSQL();
}

/**
 * `recordEntryChange` for many writes in one transaction (an import's batch), in a fixed number of statements:
 * every audit row in one insert (in the order given), every notice in one statement, the submission webhooks of
 * each workflow step in one more. A write that changed what the public sees is logged as `recordPublicChange`
 * logs one, entry by entry (drafts and submissions, all an import makes, change nothing public).
 */
export async function recordEntryChanges(
  tx: Pick<Db, 'insert' | 'execute' | 'select'>,
  writes: readonly { audit: AuditEntry; change: EntryChange; transition: PublicTransition }[],
): Promise<void> {
  if (!writes.length) return;
  await tx.insert(auditLog).values(writes.map((w) => auditValues(w.audit)));
  const notices = [...new Set(writes.map((w) => JSON.stringify(w.change)))];
  await tx.execute(
    sql`SELECT pg_notify(${ENTRY_CHANGED_CHANNEL}, n) FROM jsonb_array_elements_text(${JSON.stringify(notices)}::text::jsonb) n`,
  );
  const byAction = new Map<string, { type: EntryType; id: number; slug: string }[]>();
  for (const w of writes) {
    const entries = byAction.get(w.audit.action) ?? [];
    entries.push({ type: w.change.type, id: w.change.id, slug: w.transition.after.slug });
    byAction.set(w.audit.action, entries);
  }
  for (const [action, entries] of byAction) await enqueueSubmissionEvent(tx, action, entries);
  for (const w of writes) if (publicChangeOf(w.transition, true)) await recordPublicChange(tx, w.change, w.transition);
}
