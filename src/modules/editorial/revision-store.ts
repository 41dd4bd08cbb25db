// Reading and appending revisions: the head of an entry, the authors of its pending change, field diffs.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { revisions, type FieldChange, type RevisionAction } from '../../../schema/editorial.ts';
import type { PublicationState } from '../../../schema/columns.ts';
import type { Db } from '../../db.ts';
import type { EntryType } from '../catalogue/changes.ts';
import type { ChangeAuthor } from '../access/permissions.ts';

export type RevisionRow = typeof revisions.$inferSelect;
type Tx = Pick<Db, 'select' | 'insert' | 'execute'>;

export async function headRevision(tx: Tx, type: EntryType, entryId: number): Promise<RevisionRow | null> {
  const [row] = await tx
    .select()
    .from(revisions)
    .where(and(eq(revisions.entryType, type), eq(revisions.entryId, entryId)))
    .orderBy(desc(revisions.id))
    .limit(1);
  return row ?? null;
}

/** JSON with object keys sorted, so values read back from jsonb compare equal to the same values sent in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/** Fields whose values differ, by field name (jsonb does not keep key order). */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => canonical(before?.[k] ?? null) !== canonical(after[k] ?? null))
    .map((field) => ({ field, before: before?.[field] ?? null, after: after[field] ?? null }));
}

export interface NewRevision {
  type: EntryType;
  entryId: number;
  base: RevisionRow | null;
  action: RevisionAction;
  state: PublicationState;
  snapshot: Record<string, unknown>;
  author: { accountId: number; organisationId: number; tokenId: number | null } | null;
  message?: string | null;
  reason?: string | null;
}

/** The row a revision is inserted as, its diff against its base worked out here. */
export function revisionValues(r: NewRevision) {
  return {
    entryType: r.type,
    entryId: r.entryId,
    baseRevisionId: r.base?.id ?? null,
    action: r.action,
    state: r.state,
    snapshot: r.snapshot,
    diff: diffSnapshots(r.base?.snapshot ?? null, r.snapshot),
    authorAccountId: r.author?.accountId ?? null,
    authorOrganisationId: r.author?.organisationId ?? null,
    tokenId: r.author?.tokenId ?? null,
    message: r.message ?? null,
    reason: r.reason ?? null,
  };
}

export async function appendRevision(tx: Tx, r: NewRevision): Promise<RevisionRow> {
  const [row] = await tx.insert(revisions).values(revisionValues(r)).returning();
  return row!;
}

/**
 * Revisions of different entries in one statement (an import's batch), each entry's given back under its id. Only
 * what the database chose is read back: the snapshots and diffs are already here, and reading them is most of the cost.
 */
export async function appendRevisions(tx: Tx, rs: readonly NewRevision[]): Promise<Map<number, RevisionRow>> {
  if (!rs.length) return new Map();
  const values = rs.map(revisionValues);
  const rows = await tx
    .insert(revisions)
    .values(values)
    .returning({ id: revisions.id, entryId: revisions.entryId, createdAt: revisions.createdAt });
  const written = new Map(rows.map((r) => [r.entryId, r]));
  return new Map(values.map((v) => [v.entryId, { ...v, ...written.get(v.entryId)! }]));
}

/** Each entry's latest revision, for many entries of one type in one statement. */
export async function headRevisions(
  tx: Pick<Db, 'selectDistinctOn'>,
  type: EntryType,
  entryIds: readonly number[],
): Promise<Map<number, RevisionRow>> {
  if (!entryIds.length) return new Map();
  const rows = await tx
    .selectDistinctOn([revisions.entryId])
    .from(revisions)
    .where(and(eq(revisions.entryType, type), inArray(revisions.entryId, [...entryIds])))
    .orderBy(revisions.entryId, desc(revisions.id));
  return new Map(rows.map((row) => [row.entryId, row]));
}

/**
 * Everyone who wrote the change now under review: authors of content revisions since the entry
 * was last approved (or imported), with whether their organisation is a host.
 */
export async function pendingChangeAuthors(tx: Tx, type: EntryType, entryId: number): Promise<ChangeAuthor[]> {
  const rows = await tx.execute<{ account_id: number; organisation_id: number; is_host: boolean }>(
    sql`SELECT DISTINCT r.author_account_id AS account_id, r.author_organisation_id AS organisation_id,
          EXISTS (SELECT 1 FROM secretariat_hosts h WHERE h.organisation_id = r.author_organisation_id) AS is_host
        FROM revisions r
        WHERE r.entry_type = ${type} AND r.entry_id = ${entryId} AND r.author_account_id IS NOT NULL
          AND r.action IN ('create', 'update', 'revert', 'submit')
          AND r.id > coalesce((SELECT max(p.id) FROM revisions p WHERE p.entry_type = ${type} AND p.entry_id = ${entryId} AND p.action IN ('approve', 'publish_trusted', 'import')), 0)`,
    'objects',
  );
  return [...rows].map((r) => ({ accountId: Number(r.account_id), organisationId: Number(r.organisation_id), isHost: Boolean(r.is_host) }));
}

/** How many entries have a history of editorial changes (not just a baseline). */
export async function editedEntryCount(db: Pick<Db, 'execute'>): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`SELECT count(DISTINCT (entry_type, entry_id))::int AS n FROM revisions WHERE action <> 'import'`,
    'objects',
  );
  return Number(row?.n ?? 0);
}
