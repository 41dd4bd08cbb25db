// A proposal's writes as one statement: its revision, the row and changed links of an entry never public, its audit row and notice.
import { sql, type SQL } from 'drizzle-orm';
import { revisions, type FieldChange } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { linkWrites } from './entry-links.ts';
import type { EntrySpec } from './entry-specs.ts';
import { linksToWrite, rowUpdate } from './entry-store.ts';
import { revisionValues, type NewRevision, type RevisionRow } from './revision-store.ts';

/** The new revision's id, for the parts that name it (the audit row). */
const REVISION_ID = sql`(SELECT id FROM written_revision)`;

/**
 * Data-modifying CTEs all run, to completion, on one snapshot, and none sees another's rows: the parts here touch
 * different tables (the links' removals and additions different rows), and only the audit row needs the revision's
 * id, which it takes from the insert's RETURNING. The unique index on the base revision still decides a race.
 * `record` is the audit part (`entryChangePart`); null when the caller records the change with statements of its own.
 */
export async function writeProposal(
  tx: Db,
  o: {
    spec: EntrySpec;
    revision: NewRevision;
    /** For an entry never public, whose row mirrors its head: the new content, and the snapshot the row holds now. */
    mirror: { values: Record<string, unknown>; stored: Record<string, unknown> } | null;
    record: (revision: { diff: FieldChange[] }, revisionId: SQL) => SQL | null;
  },
): Promise<{ revision: RevisionRow; recorded: boolean }> {
  const values = revisionValues(o.revision);
  const parts: SQL[] = [];
  if (o.mirror) {
    parts.push(rowUpdate(tx, o.spec, o.revision.entryId, o.mirror.values).getSQL());
    const entry = { id: o.revision.entryId, values: o.mirror.values };
    parts.push(...linkWrites(tx, linksToWrite(o.spec, o.mirror.values, o.mirror.stored), [entry]).flat());
  }
  const record = o.record(values, REVISION_ID);
  const insert = tx.insert(revisions).values(values).returning({ id: revisions.id, createdAt: revisions.createdAt });
  const ctes = parts.map((part, i) => sql`, ${sql.identifier(`part_${i}`)} AS (${part})`);
  // The audit part is read, so its RETURNING (the notice) is plainly part of the answer, not left to run unread.
  const [row] = await tx.execute<{ id: number; created_at: string }>(
    sql`WITH written_revision AS (${insert.getSQL()})${sql.join(ctes)}${record ? sql`, recorded AS (${record})` : sql``}
        SELECT id, created_at::text AS created_at${record ? sql`, (SELECT count(*) FROM recorded) AS announced` : sql``} FROM written_revision`,
    'objects',
  );
  return { revision: { ...values, id: Number(row!.id), createdAt: row!.created_at } as RevisionRow, recorded: record !== null };
}
