// The published entries of one type, a batch at a time, each with its references and links as a follower stores them.
import { and, asc, eq, gt, inArray, notExists } from 'drizzle-orm';
import { places } from '../../../schema/places.ts';
import { entryOrigins } from '../../../schema/sync.ts';
import { PUBLISHED } from '../../../schema/columns.ts';
import type { EntryType } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { LinkSpec } from '../editorial/entry-links.ts';
import { columnsOfRow, entrySpecs } from '../editorial/entry-specs.ts';
import { globalIdOf, pageUrl, typenames } from './change-feed.ts';

type Place = { slug: string; name: string; region: string | null; country: string };

/** A target table's entry type; places are not entries (no state, no page), so they are written out whole. */
const entryTypeOfTable = new Map<unknown, EntryType>(Object.values(entrySpecs).map((s) => [s.table, s.type]));

export interface SnapshotEntry {
  type: string;
  id: string;
  slug: string;
  url: string | null;
  updatedAt: string;
  /** The public content: the fields the GraphQL input names, references as global ids (places inline). */
  fields: Record<string, unknown>;
}

/**
 * One batch after `afterId` (ids ascending), in a statement for the rows, one per link table and one per
 * referenced entry table. References and links to entries are global ids, and only to published ones, as
 * GraphQL and the pages show them: an unpublished organiser is left out, never named by id (that would
 * tell anonymous readers a draft exists).
 */
export async function snapshotBatch(
  tx: Db,
  o: { type: EntryType; afterId: number; size: number; base: string; ids?: readonly number[] },
): Promise<{ entries: SnapshotEntry[]; lastId: number | null }> {
  const { type, afterId, size } = o;
  const spec = entrySpecs[type];
  const table = spec.table as any;
  const rows = (await tx
    .select()
    .from(table)
    .where(
      and(
        eq(table.publicationState, PUBLISHED),
        gt(table.id, afterId),
        o.ids ? inArray(table.id, [...o.ids]) : undefined,
        // What another directory brought is that directory's to export: sent on, two directories following each
        // other would bounce it back and forth (docs/sync.md).
        notExists(
          tx
            .select({ one: entryOrigins.entryId })
            .from(entryOrigins)
            .where(and(eq(entryOrigins.entryType, type), eq(entryOrigins.entryId, table.id))),
        ),
      ),
    )
    .orderBy(asc(table.id))
    .limit(size)) as (Record<string, unknown> & { id: number; slug: string; updatedAt: string })[];
  if (!rows.length) return { entries: [], lastId: null };
  const ids = rows.map((r) => r.id);
  const links: Map<number, { id: number; role?: string }[]>[] = [];
  for (const l of spec.links) links.push(await linksOf(tx, l, ids));
  const placeIds = new Set<number>();
  for (const ref of spec.refs.filter((r) => r.table === places))
    for (const row of rows) if (row[ref.key] != null) placeIds.add(row[ref.key] as number);
  for (const [i, l] of spec.links.entries())
    if (l.target === places) for (const targets of links[i]!.values()) for (const t of targets) placeIds.add(t.id);
  const placeById = await loadPlaces(tx, [...placeIds]);
  const publishedRefs = new Map<unknown, Set<number>>();
  for (const ref of spec.refs.filter((r) => entryTypeOfTable.has(r.table))) {
    const wanted = rows.map((row) => row[ref.key]).filter((id): id is number => typeof id === 'number');
    publishedRefs.set(ref.table, new Set([...(publishedRefs.get(ref.table) ?? []), ...(await publishedIds(tx, ref.table, wanted))]));
  }
  const refOf = (target: unknown, id: number) => {
    const t = entryTypeOfTable.get(target);
    return t ? globalIdOf(t, id) : placeById.get(id);
  };
  const entries = rows.map((row) => {
    const fields = columnsOfRow(spec, row);
    for (const ref of spec.refs) {
      const id = fields[ref.key] as number | null;
      delete fields[ref.key];
      const visible = id != null && (!entryTypeOfTable.has(ref.table) || publishedRefs.get(ref.table)?.has(id));
      fields[ref.input] = visible ? refOf(ref.table, id) : null;
    }
    spec.links.forEach((l, i) => {
      const targets = links[i]!.get(row.id) ?? [];
      fields[l.input] = targets.map((t) => (l.roles ? { id: refOf(l.target, t.id), role: t.role } : refOf(l.target, t.id)));
    });
    return {
      type: typenames[type],
      id: globalIdOf(type, row.id),
      slug: row.slug,
      url: pageUrl(o.base, type, row.slug),
      updatedAt: new Date(row.updatedAt).toISOString(),
      fields,
    };
  });
  return { entries, lastId: rows.at(-1)!.id };
}

async function linksOf(tx: Db, l: LinkSpec, ids: number[]): Promise<Map<number, { id: number; role?: string }[]>> {
  const j = l.junction;
  const target = l.target as any;
  const query = tx
    .select({ entryId: j[l.entryColumn], id: j[l.targetColumn], ...(l.roles ? { role: j.role } : {}) })
    .from(j)
    .$dynamic();
  // Links to entries only where the target is published (places are not entries and have no state).
  const rows = (await (entryTypeOfTable.has(l.target)
    ? query
        .innerJoin(target, eq(target.id, j[l.targetColumn]))
        .where(and(inArray(j[l.entryColumn], ids), eq(target.publicationState, PUBLISHED)))
    : query.where(inArray(j[l.entryColumn], ids))
  ).orderBy(asc(j[l.entryColumn]), asc(j[l.targetColumn]))) as { entryId: number; id: number; role?: string }[];
  const out = new Map<number, { id: number; role?: string }[]>();
  for (const r of rows) out.set(r.entryId, [...(out.get(r.entryId) ?? []), { id: r.id, ...(l.roles ? { role: r.role! } : {}) }]);
  return out;
}

async function loadPlaces(tx: Db, ids: number[]): Promise<Map<number, Place>> {
  if (!ids.length) return new Map();
  const rows = await tx
    .select({ id: places.id, slug: places.slug, name: places.name, region: places.region, country: places.country })
    .from(places)
    .where(inArray(places.id, ids));
  return new Map(rows.map(({ id, ...place }) => [id, place]));
}

async function publishedIds(tx: Db, table: any, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(inArray(table.id, [...new Set(ids)]), eq(table.publicationState, PUBLISHED)));
  return rows.map((r: { id: number }) => r.id);
}
