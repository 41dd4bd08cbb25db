// The statements of a batch of entry writes (entry-batch.ts): each reads or writes rows of many entries at once.
import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { entryMaintainers } from '../../../schema/editorial.ts';
import type { PublicationState } from '../../../schema/columns.ts';
import type { Db } from '../../db.ts';
import { writeLinksOfEntries } from './entry-links.ts';
import type { EntrySpec } from './entry-specs.ts';
import type { EntryRow } from './entry-store.ts';
import { diffSnapshots } from './revision-store.ts';

/** The entries, locked until commit (as lockEntry locks one), and the organisations maintaining each. */
export async function lockEntries(
  tx: Db,
  spec: EntrySpec,
  ids: readonly number[],
): Promise<{ rows: Map<number, EntryRow>; maintainers: Map<number, number[]> }> {
  if (!ids.length) return { rows: new Map(), maintainers: new Map() };
  const table = spec.table as any;
  const locked = (await tx
    .select()
    .from(table)
    .where(inArray(table.id, [...ids]))
    .orderBy(table.id)
    .for('update')) as EntryRow[];
  const rows = await tx
    .select({ entryId: entryMaintainers.entryId, organisationId: entryMaintainers.organisationId })
    .from(entryMaintainers)
    .where(and(eq(entryMaintainers.entryType, spec.type), inArray(entryMaintainers.entryId, [...ids])));
  const maintainers = new Map<number, number[]>();
  for (const r of rows) maintainers.set(r.entryId, [...(maintainers.get(r.entryId) ?? []), r.organisationId]);
  return { rows: new Map(locked.map((r) => [r.id, r])), maintainers };
}

/** Which of these slugs an entry of the type holds, and which entry. */
export async function slugsTaken(tx: Db, spec: EntrySpec, slugs: readonly string[]): Promise<Map<string, number>> {
  if (!slugs.length) return new Map();
  const table = spec.table as any;
  const rows = await tx
    .select({ id: table.id, slug: table.slug })
    .from(table)
    .where(inArray(table.slug, [...new Set(slugs)]));
  return new Map(rows.map((r: { id: number; slug: string }) => [r.slug, r.id]));
}

/** New entries' rows and links, by slug (unique, so each row is found whatever order they come back in). */
export async function insertEntries(
  tx: Db,
  spec: EntrySpec,
  contents: readonly Record<string, unknown>[],
  publicationState: PublicationState,
): Promise<Map<string, EntryRow>> {
  if (!contents.length) return new Map();
  // Not `returning()`: that would read back every column, the search document too.
  const table = spec.table as any;
  const returned = Object.fromEntries(['id', 'publicationState', ...spec.columns].map((k) => [k, table[k]]));
  const rows = (await tx
    .insert(table)
    .values(contents.map((c) => ({ ...Object.fromEntries(spec.columns.map((k) => [k, c[k]])), publicationState })))
    .returning(returned)) as EntryRow[];
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const links = contents.map((c) => ({ id: bySlug.get(String(c.slug))!.id, values: c }));
  await writeLinksOfEntries(tx, spec.links, links, { fresh: true });
  return bySlug;
}

/**
 * Never-public entries' rows brought to their new content and state, in one UPDATE (the rows' column types read
 * by jsonb_populate_recordset), and the links that changed since `stored`, the snapshot each row mirrored.
 */
export async function updateEntryRows(
  tx: Db,
  spec: EntrySpec,
  entries: readonly { id: number; content: Record<string, unknown>; stored: Record<string, unknown> }[],
  publicationState: PublicationState,
): Promise<void> {
  if (!entries.length) return;
  const columns = getTableColumns(spec.table) as Record<string, { name: string }>;
  const keys = [...spec.columns, 'publicationState'];
  const records = entries.map((e) =>
    Object.fromEntries([['id', e.id], ...keys.map((k) => [columns[k]!.name, k === 'publicationState' ? publicationState : e.content[k]])]),
  );
  const assignments = sql.join(
    keys.map((k) => sql`${sql.identifier(columns[k]!.name)} = x.${sql.identifier(columns[k]!.name)}`),
    sql`, `,
  );
  await tx.execute(
    sql`UPDATE ${spec.table} SET ${assignments}, updated_at = now()
        FROM jsonb_populate_recordset(NULL::${spec.table}, ${JSON.stringify(records)}::text::jsonb) AS x
        WHERE ${spec.table}.id = x.id`,
  );
  const changedLinks = entries.map((e) => {
    const changed = new Set(diffSnapshots(e.stored, e.content).map((d) => d.field));
    return { id: e.id, values: Object.fromEntries(spec.links.filter((l) => changed.has(l.key)).map((l) => [l.key, e.content[l.key]])) };
  });
  await writeLinksOfEntries(tx, spec.links, changedLinks);
}
