// What the console shows of an entry under edit: its current proposal and its history, for hosts and maintainers only.
import { and, desc, eq } from 'drizzle-orm';
import { accounts, revisions } from '../../../schema/editorial.ts';
import type { PublicationState } from '../../../schema/columns.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { NotFoundError } from '../access/errors.ts';
import type { AccessContext } from '../access/transaction.ts';
import { entrySpecs } from './entry-specs.ts';
import { snapshotOfEntry } from './entry-store.ts';
import { assertCanReadHistory } from './history.ts';
import { headRevision, type RevisionRow } from './revision-store.ts';

export interface CurrentContent {
  snapshot: Record<string, unknown>;
  /** The head revision, which a change must name as its base; null for an entry written before history was kept. */
  revisionId: number | null;
  state: PublicationState;
  publicationState: PublicationState;
  reason: string | null;
}

/** The entry's current proposal (its head revision), after the history read check (refusals audited). */
export async function currentContent(o: AccessContext & { type: EntryType; entryId: number }): Promise<CurrentContent> {
  await assertCanReadHistory(o, o.type, o.entryId);
  const spec = entrySpecs[o.type];
  const table = spec.table as any;
  const [row] = await o.db.select().from(table).where(eq(table.id, o.entryId)).limit(1);
  if (!row) throw new NotFoundError(`No ${spec.typename} has this id.`);
  const head = await headRevision(o.db, o.type, o.entryId);
  if (!head)
    return {
      snapshot: await snapshotOfEntry(o.db, spec, row as { id: number }),
      revisionId: null,
      state: row.publicationState,
      publicationState: row.publicationState,
      reason: null,
    };
  return { snapshot: head.snapshot, revisionId: head.id, state: head.state, publicationState: row.publicationState, reason: head.reason };
}

/** Revisions newest first, whole (as `revisionDiffs` needs them), each with its author's address. */
export async function entryHistory(o: AccessContext & { type: EntryType; entryId: number }) {
  const current = await currentContent(o);
  const rows = await o.db
    .select({ revision: revisions, authorEmail: accounts.email })
    .from(revisions)
    .leftJoin(accounts, eq(accounts.id, revisions.authorAccountId))
    .where(and(eq(revisions.entryType, o.type), eq(revisions.entryId, o.entryId)))
    .orderBy(desc(revisions.id))
    .limit(200);
  return {
    current,
    revisions: rows.map((r): RevisionRow & { authorEmail: string | null } => ({ ...r.revision, authorEmail: r.authorEmail })),
  };
}
