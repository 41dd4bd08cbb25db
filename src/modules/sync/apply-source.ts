// Turning a source's rows into entries through the editorial services, as the source's writer: new ones created,
// changed ones edited, each submitted for review (or published, from a trusted source); gone ones archived or withdrawn.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { places } from '../../../schema/places.ts';
import { entryOrigins } from '../../../schema/sync.ts';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import type { ChangeAuthor } from '../access/permissions.ts';
import type { Viewer } from '../access/viewer.ts';
import { createEntry, updateEntry, type EditResult } from '../editorial/entry-edits.ts';
import { entrySpecs } from '../editorial/entry-specs.ts';
import { moveEntry, retireEntry } from '../editorial/entry-workflow.ts';
import { headRevision } from '../editorial/revision-store.ts';
import { contentHashOf, entryTypeOf, mapRow, referencesOf } from './map-row.ts';
import type { SourceRow } from './read-source.ts';

export interface SourceContext {
  /** The poll's transaction: each entry is written in a savepoint of it. */
  db: Db;
  sourceId: number;
  sourceName: string;
  /** The source's writer, as if signed in: every write is theirs, and the matrix judges it so. */
  viewer: Viewer;
  /** Who trusted the source, as the matrix weighs it; null when its entries go through review. */
  trustedBy: (ChangeAuthor & { isHostAdmin: boolean }) | null;
  now: Date;
}

export interface SyncReport {
  created: number;
  changed: number;
  unchanged: number;
  /** New at the source, but this directory has its own entry of that type and slug (both seeded, say): left alone. */
  alreadyHere: number;
  published: number;
  submitted: number;
  archived: number;
  withdrawn: number;
  /** One line per entry that could not be taken, or was sent for review although the source is trusted. */
  problems: string[];
}

export const emptyReport = (): SyncReport => ({
  created: 0,
  changed: 0,
  unchanged: 0,
  alreadyHere: 0,
  published: 0,
  submitted: 0,
  archived: 0,
  withdrawn: 0,
  problems: [],
});

/**
 * Written in dependency order, so a case study's organisations exist before it does. Topics are never created from
 * a source: the taxonomy is shared, and changed only by host admins; references to them are matched by slug.
 */
const writeOrder: EntryType[] = ['organisation', 'method', 'eventSeries', 'caseStudy', 'event'];

const expected = (err: unknown) =>
  err instanceof InvalidInputError || err instanceof ForbiddenError || err instanceof ConflictError || err instanceof NotFoundError;
const reason = (err: unknown) =>
  err instanceof InvalidInputError ? err.fieldErrors.map((e) => `${e.path.at(-1)} ${e.message}`).join('; ') : (err as Error).message;

/** Origin id -> local slug, for entries this source brought before. */
async function syncedSlugs(db: Db, sourceId: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const type of entryTypes) {
    const table = entrySpecs[type].table as any;
    const rows = await db
      .select({ originId: entryOrigins.originId, slug: table.slug })
      .from(entryOrigins)
      .innerJoin(table, eq(table.id, entryOrigins.entryId))
      .where(and(eq(entryOrigins.sourceId, sourceId), eq(entryOrigins.entryType, type)));
    for (const r of rows as { originId: string; slug: string }[]) out.set(r.originId, r.slug);
  }
  return out;
}

async function existingSlugs(db: Db, type: EntryType, slugs: string[]): Promise<Set<string>> {
  if (!slugs.length) return new Set();
  const table = entrySpecs[type].table as any;
  const rows = await db.select({ slug: table.slug }).from(table).where(inArray(table.slug, slugs));
  return new Set((rows as { slug: string }[]).map((r) => r.slug));
}

/**
 * Applies rows (and `lookups`, rows only read to learn what a reference is called): a reference maps to the entry
 * this source brought for it, else to a local entry of that type with its slug, else is dropped and noted.
 */
export async function applyRows(c: SourceContext, rows: SourceRow[], lookups: SourceRow[], report: SyncReport): Promise<void> {
  const synced = await syncedSlugs(c.db, c.sourceId);
  const byId = new Map([...lookups, ...rows].map((r) => [r.id, r]));
  const bySlug = new Map<string, string>();
  const wanted = new Map<EntryType, string[]>();
  for (const id of new Set(rows.flatMap(referencesOf))) {
    const ref = byId.get(id);
    const type = ref && entryTypeOf(ref.type);
    if (type) wanted.set(type, [...(wanted.get(type) ?? []), ref.slug]);
  }
  for (const [type, slugs] of wanted) {
    const found = await existingSlugs(c.db, type, slugs);
    for (const r of byId.values()) if (entryTypeOf(r.type) === type && found.has(r.slug)) bySlug.set(r.id, r.slug);
  }
  const placeSlugs = new Set((await c.db.select({ slug: places.slug }).from(places)).map((p) => p.slug));
  const resolve = (id: string) => synced.get(id) ?? bySlug.get(id) ?? null;
  const resolvePlace = (p: { slug: string }) => (placeSlugs.has(p.slug) ? p.slug : null);
  const ordered = writeOrder.flatMap((t) => parentsFirst(rows.filter((r) => entryTypeOf(r.type) === t)));
  for (const row of ordered) {
    try {
      const slug = await c.db.transaction((sp) => takeRow({ ...c, db: sp as unknown as Db }, row, resolve, resolvePlace, report));
      if (slug) synced.set(row.id, slug);
    } catch (err) {
      if (!expected(err)) throw err;
      report.problems.push(`${row.type} ${row.slug} (${row.id}): ${reason(err)}`);
    }
  }
}

/** Organisations within organisations: a parent in the same batch is written before its children, so they find it. */
function parentsFirst(rows: SourceRow[]): SourceRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: SourceRow[] = [];
  const placed = new Set<string>();
  const place = (row: SourceRow, depth: number) => {
    if (placed.has(row.id)) return;
    placed.add(row.id);
    const parent = typeof row.fields.parent === 'string' ? byId.get(row.fields.parent) : undefined;
    // The depth bound stops a cycle (which a directory's rules do not allow, but a source may send).
    if (parent && depth < 50) place(parent, depth + 1);
    out.push(row);
  };
  for (const row of rows) place(row, 0);
  return out;
}

async function takeRow(
  c: SourceContext,
  row: SourceRow,
  resolve: (id: string) => string | null,
  resolvePlace: (p: { slug: string }) => string | null,
  report: SyncReport,
): Promise<string | null> {
  const mapped = mapRow(row, resolve, resolvePlace);
  if (!mapped) return null;
  const { type, input } = mapped;
  const spec = entrySpecs[type];
  const table = spec.table as any;
  const contentHash = contentHashOf(input);
  const [origin] = await c.db
    .select()
    .from(entryOrigins)
    .where(and(eq(entryOrigins.sourceId, c.sourceId), eq(entryOrigins.originId, row.id)))
    .limit(1);
  const [entry] = origin
    ? ((await c.db.select({ slug: table.slug, state: table.publicationState }).from(table).where(eq(table.id, origin.entryId))) as {
        slug: string;
        state: string;
      }[])
    : [];
  if (origin && entry && origin.retiredAt === null && origin.contentHash === contentHash) {
    report.unchanged++;
    return entry.slug;
  }
  // A slug another entry holds here is left to the directory: a new entry gets one proposed, an edit keeps its own.
  const [holder] = (await c.db
    .select({ id: table.id })
    .from(table)
    .where(eq(table.slug, String(input.slug)))
    .limit(1)) as { id: number }[];
  if (holder && !origin) {
    // This directory's own entry by that slug (not one a source brought) is taken to be the same: two directories
    // started from the same starter catalogue, or a partner listed in both. It is left alone, neither duplicated
    // nor overwritten, and references to the source's entry point at it.
    const [brought] = await c.db
      .select({ id: entryOrigins.entryId })
      .from(entryOrigins)
      .where(and(eq(entryOrigins.entryType, type), eq(entryOrigins.entryId, holder.id)))
      .limit(1);
    if (!brought) {
      report.alreadyHere++;
      return String(input.slug);
    }
  }
  if (holder && holder.id !== origin?.entryId) delete input.slug;
  const dropped = mapped.dropped.length ? ` (not found here, left out: ${mapped.dropped.join(', ')})` : '';
  const message = `From ${c.sourceName}: ${row.url ?? row.id}${dropped}`;
  const ctx = { db: c.db, viewer: c.viewer };
  let result: EditResult;
  // Archiving is final here: an entry the origin brings back after it was archived becomes a new entry.
  if (!origin || !entry || entry.state === 'archived') {
    result = await createEntry({ ...ctx, type, input, message });
    if (origin) await c.db.update(entryOrigins).set({ sourceId: null }).where(eq(entryOrigins.entryId, origin.entryId));
    report.created++;
  } else {
    const head = await headRevision(c.db, type, origin.entryId);
    result = await updateEntry({ ...ctx, type, entryId: origin.entryId, baseRevisionId: head?.id ?? null, input, message });
    report.changed++;
  }
  const values = { originUrl: row.url, contentHash, retiredAt: null, updatedAt: c.now.toISOString() };
  // Before the entry can be public: the change log reads it to keep the entry out of this directory's feed.
  await c.db
    .insert(entryOrigins)
    .values({ entryType: type, entryId: result.entry.id, sourceId: c.sourceId, sourceName: c.sourceName, originId: row.id, ...values })
    .onConflictDoUpdate({ target: [entryOrigins.entryType, entryOrigins.entryId], set: values });
  await forward(c, type, result, message, report);
  return result.entry.slug;
}

/**
 * Publishes from a trusted source, else submits. Whether the trust still holds is the matrix's decision: refused
 * (the admin who trusted it left, or a topic), the change is submitted for review instead, and the report says why.
 */
async function forward(c: SourceContext, type: EntryType, result: EditResult, message: string, report: SyncReport): Promise<void> {
  const move = { db: c.db, viewer: c.viewer, type, entryId: result.entry.id, baseRevisionId: result.revision.id, message };
  if (c.trustedBy) {
    try {
      await c.db.transaction((sp) =>
        moveEntry({ ...move, db: sp as unknown as Db, action: 'publish_trusted', trustedBy: c.trustedBy, trustedSource: 'directory' }),
      );
      report.published++;
      return;
    } catch (err) {
      if (!(err instanceof ForbiddenError)) throw err;
      report.problems.push(`${result.entry.slug}: submitted for review, as the source cannot be trusted now: ${err.message}`);
    }
  }
  await moveEntry({ ...move, action: 'submit' });
  report.submitted++;
}

/** Entries whose origin archived or unpublished them: a published one is archived here, one under review withdrawn. */
export async function retireOrigins(c: SourceContext, originIds: (id: string) => boolean, report: SyncReport): Promise<void> {
  const keys = await c.db
    .select()
    .from(entryOrigins)
    .where(and(eq(entryOrigins.sourceId, c.sourceId), isNull(entryOrigins.retiredAt)));
  for (const key of keys) {
    if (!originIds(key.originId)) continue;
    try {
      await c.db.transaction(async (tx) => {
        const sp = tx as unknown as Db;
        const done = await retireEntry({
          db: sp,
          viewer: c.viewer,
          type: key.entryType,
          entryId: key.entryId,
          message: `No longer public at ${c.sourceName}`,
        });
        if (done) report[done]++;
        await sp
          .update(entryOrigins)
          .set({ retiredAt: c.now.toISOString(), updatedAt: c.now.toISOString() })
          .where(and(eq(entryOrigins.entryType, key.entryType), eq(entryOrigins.entryId, key.entryId)));
      });
    } catch (err) {
      if (!expected(err)) throw err;
      report.problems.push(`${key.originId} left the source but could not be retired here: ${reason(err)}`);
    }
  }
}
