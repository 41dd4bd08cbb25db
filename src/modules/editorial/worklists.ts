// An editor's work lists: their organisation's entries (current revisions) and the review queue, for the console.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { revisions } from '../../../schema/editorial.ts';
import { signedInReader } from '../access/read.ts';
import type { AccessContext } from '../access/transaction.ts';
import { assertCanSeeReviewQueue } from './history.ts';

/** The head revision of its entry: no revision was based on it (base_revision_id is unique). */
const isHead = sql`NOT EXISTS (SELECT 1 FROM revisions n WHERE n.base_revision_id = ${revisions.id})`;

export const titleOf = (snapshot: Record<string, unknown>) =>
  String(snapshot.title ?? snapshot.name ?? snapshot.label ?? snapshot.slug ?? '');

/** Entries the caller's organisation maintains, as their current revisions, most recently changed first. */
export async function maintainedEntries(o: AccessContext & { limit?: number }) {
  const actor = await signedInReader(o, 'entry.maintained');
  return o.db
    .select()
    .from(revisions)
    .where(
      and(
        isHead,
        sql`EXISTS (SELECT 1 FROM entry_maintainers m WHERE m.entry_type = ${revisions.entryType} AND m.entry_id = ${revisions.entryId} AND m.organisation_id = ${actor.organisationId})`,
      ),
    )
    .orderBy(desc(revisions.id))
    .limit(o.limit ?? 200);
}

/** Submitted changes awaiting review, oldest first: for host reviewers and admins (refusals audited). */
export async function reviewQueue(o: AccessContext) {
  await assertCanSeeReviewQueue(o);
  return o.db
    .select()
    .from(revisions)
    .where(and(eq(revisions.state, 'submitted'), isHead))
    .orderBy(asc(revisions.id))
    .limit(500);
}
