// The writing side of the public change log: which change a write made to the public view, recorded in its transaction.
import { and, eq, sql } from 'drizzle-orm';
import { changeLog, type ChangeAction } from '../../../schema/changes.ts';
import { PUBLISHED, type PublicationState } from '../../../schema/columns.ts';
import type { EntryType } from '../../../schema/editorial.ts';
import { entryOrigins } from '../../../schema/sync.ts';
import type { Db } from '../../db.ts';
import { enqueuePublicEvent } from './webhook-outbox.ts';

/** What the public view depends on: whether the entry is in it, and at which slug. */
export interface PublicFacts {
  publicationState: PublicationState;
  slug: string;
}

export interface PublicTransition {
  /** The entry as it stood before the write; null for a new entry. */
  before: PublicFacts | null;
  after: PublicFacts;
  /** The write replaced the public content (an approval), so a public entry's content may have changed. */
  contentWritten: boolean;
}

export interface PublicChange {
  action: ChangeAction;
  oldSlug?: string;
}

/**
 * The change a follower sees, or null when the public view did not change (anything done to a draft, a
 * proposal on a public entry, a submission, a withdrawal, a rejection). An archived entry is not shown
 * anywhere public (pages answer 404, lists and GraphQL hide it), so archiving leaves the public view.
 * `wasEverPublic` tells a first appearance (created) from a return (published).
 */
export function publicChangeOf(t: PublicTransition, wasEverPublic: boolean): PublicChange | null {
  const was = t.before?.publicationState === PUBLISHED;
  const is = t.after.publicationState === PUBLISHED;
  if (!was && !is) return null;
  if (!was) return { action: wasEverPublic ? 'published' : 'created' };
  if (!is) return { action: t.after.publicationState === 'archived' ? 'archived' : 'unpublished' };
  // A rename that also changed content is one change: a follower fetches the entry for either.
  if (t.before!.slug !== t.after.slug) return { action: 'renamed', oldSlug: t.before!.slug };
  return t.contentWritten ? { action: 'updated' } : null;
}

/**
 * Serialises the tail of every transaction that writes the change log. Cursors come from a sequence, and a
 * sequence value is taken when asked for, not when its transaction commits: without the lock, transaction A
 * could draw 7, B draw 8 and commit first, and a follower that read 8 would resume after it and never see 7.
 * Under the lock, drawn just before the insert and held until commit (locks are released after the commit is
 * visible), a transaction draws its cursor only once every earlier drawer has committed or rolled back, so
 * cursors are in commit order. Filtering readers by xid visibility (pg_snapshot_xmin) would avoid the wait
 * but makes every reader reason about in-flight transactions and hides committed rows behind long ones; the
 * lock is held only from the insert to the commit (the last statements of an approval or an archive), and
 * draft work never takes it. Distinct from init-secretariat's lock (7242011).
 */
export const CHANGE_LOG_LOCK = 7242014;

type Tx = Pick<Db, 'execute' | 'insert' | 'select'>;

/**
 * Records the change a write made to the public view, if any, in the writing transaction. Returns its cursor.
 * The webhook deliveries announcing it are inserted here too, after the change row and in the same
 * transaction, so a delivery exists exactly when the change committed, carrying the cursor followers see.
 */
export async function recordPublicChange(
  tx: Tx,
  entry: { type: EntryType; id: number },
  transition: PublicTransition,
): Promise<number | null> {
  const enters = transition.before?.publicationState !== PUBLISHED && transition.after.publicationState === PUBLISHED;
  const change = publicChangeOf(transition, enters && (await hasChanges(tx, entry)));
  // Another directory's entry is announced by that directory: neither the feed nor webhooks send it on as ours,
  // so two directories following each other never bounce it back (docs/sync.md). Its origin is recorded before
  // it can first be public (sync/apply-source.ts), so this sees every one.
  if (!change || (await hasOrigin(tx, entry))) return null;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`);
  const [row] = await tx
    .insert(changeLog)
    .values({
      entryType: entry.type,
      entryId: entry.id,
      slug: transition.after.slug,
      oldSlug: change.oldSlug ?? null,
      action: change.action,
    })
    .returning({ cursor: changeLog.cursor });
  await enqueuePublicEvent(tx, { type: entry.type, id: entry.id, slug: transition.after.slug }, change.action, row!.cursor);
  return row!.cursor;
}

async function hasOrigin(tx: Tx, entry: { type: EntryType; id: number }): Promise<boolean> {
  const [row] = await tx
    .select({ id: entryOrigins.entryId })
    .from(entryOrigins)
    .where(and(eq(entryOrigins.entryType, entry.type), eq(entryOrigins.entryId, entry.id)))
    .limit(1);
  return !!row;
}

async function hasChanges(tx: Tx, entry: { type: EntryType; id: number }): Promise<boolean> {
  const [row] = await tx
    .select({ cursor: changeLog.cursor })
    .from(changeLog)
    .where(and(eq(changeLog.entryType, entry.type), eq(changeLog.entryId, entry.id)))
    .limit(1);
  return !!row;
}

const entryTableNames: Record<EntryType, string> = {
  topic: 'topics',
  organisation: 'organisations',
  method: 'methods',
  caseStudy: 'case_studies',
  eventSeries: 'event_series',
  event: 'events',
};

/**
 * A `created` change for every published entry the log has never mentioned: for entries written without the
 * workflow (the seed loader), so a follower reading from the start learns of them. The migration that made
 * the table ran the same statement once for the entries already there.
 */
export async function recordUnannouncedEntries(tx: Tx): Promise<void> {
  const published = sql.join(
    Object.entries(entryTableNames).map(
      ([type, table]) =>
        sql`SELECT ${type}::text AS entry_type, id, slug, updated_at FROM ${sql.identifier(table)} WHERE publication_state = ${PUBLISHED}`,
    ),
    sql` UNION ALL `,
  );
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`);
  await tx.execute(sql`
    INSERT INTO change_log (entry_type, entry_id, slug, action)
    SELECT p.entry_type, p.id, p.slug, 'created' FROM (${published}) p
    WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.entry_type = p.entry_type AND c.entry_id = p.id)
    ORDER BY p.updated_at, p.entry_type, p.id`);
}
