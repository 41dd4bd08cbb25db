// Entry rows under edit: locking, maintainers, the concurrency check, and building validated content.
import { and, eq, getColumns, inArray, ne } from 'drizzle-orm';
import { entryMaintainers, type MemberRole } from '../../../schema/editorial.ts';
import { PUBLISHED, type PublicationState } from '../../../schema/columns.ts';
import type { Db } from '../../db.ts';
import type { FieldError } from '../../errors.ts';
import { actorColumns, actorOf, loadActor, type Actor } from '../access/actor.ts';
import { authenticated } from '../access/transaction.ts';
import type { Viewer } from '../access/viewer.ts';
import { ConflictError, fieldErrorsFrom, ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { decide, SIGN_IN, type Action } from '../access/permissions.ts';
import { isPublished } from '../catalogue/visibility.ts';
import { linkSlugs, loadLinks, resolveLinks, writeLinks, type IdOfSlug, type LinkSpec } from './entry-links.ts';
import { columnsOfRow, type EntrySpec } from './entry-specs.ts';
import { appendRevision, diffSnapshots, headRevision, type RevisionRow } from './revision-store.ts';

export type EntryRow = Record<string, unknown> & { id: number; slug: string; publicationState: PublicationState };

/** The row, locked until commit: concurrent writes to one entry queue here and are decided one by one. */
/** The entry's message when it does not exist, also given to a caller who may not see it (`authoriseOnEntry`). */
export const missingEntry = (spec: EntrySpec) => new NotFoundError(`No ${spec.typename} has this id.`);

/** Locks the entry for this write. Callers authenticate first (`authenticated`), so anonymous callers learn nothing of ids. */
export async function lockEntry(tx: Db, spec: EntrySpec, entryId: number): Promise<EntryRow> {
  const table = spec.table as any;
  const [row] = await tx.select().from(table).where(eq(table.id, entryId)).for('update');
  if (!row) throw missingEntry(spec);
  return row as EntryRow;
}

/**
 * `lockEntry` with the actor read in the same statement (inside `authorisedWriteReadingActor`'s transaction), anonymous
 * callers refused first. Only a missing entry costs a second statement: the membership, so that a caller whose
 * membership ended is refused as such rather than told the id is unknown.
 */
export async function lockEntryAsActor(
  tx: Db,
  viewer: Viewer | null,
  spec: EntrySpec,
  entryId: number,
): Promise<{ actor: Actor; row: EntryRow }> {
  if (!viewer) throw new ForbiddenError(SIGN_IN);
  const table = spec.table as any;
  const [found] = await tx
    .select({ ...getColumns(table), ...actorColumns(viewer) })
    .from(table)
    .where(eq(table.id, entryId))
    .for('update', { of: table });
  if (!found) {
    authenticated(await loadActor(tx, viewer));
    throw missingEntry(spec);
  }
  const { memberRole, memberIsHost, ...row } = found as EntryRow & { memberRole: MemberRole | null; memberIsHost: boolean };
  const actor = actorOf(viewer, { role: memberRole, isHost: memberIsHost });
  authenticated(actor);
  return { actor, row: row as EntryRow };
}

/**
 * The permission check for a write on an existing entry. A refusal on an entry the caller may not read (not
 * published, no read_drafts scope, not a maintainer) answers as a missing id would, after being audited.
 */
export async function authoriseOnEntry(
  tx: Db,
  actor: Actor,
  action: Action,
  spec: EntrySpec,
  row: EntryRow,
  o: { maintainers?: readonly number[]; missing?: NotFoundError } = {},
): Promise<void> {
  const decision = decide(actor, action);
  if (decision.allowed) return;
  const maintainers = o.maintainers ?? (await maintainersOf(tx, spec, row.id));
  const hidden = !isPublished(row) && !actor.scopes.has('read_drafts') && !maintainers.includes(actor.organisationId);
  throw new ForbiddenError(decision.reason, hidden ? (o.missing ?? missingEntry(spec)) : undefined);
}

export async function maintainersOf(tx: Db, spec: EntrySpec, entryId: number): Promise<number[]> {
  const rows = await tx
    .select({ organisationId: entryMaintainers.organisationId })
    .from(entryMaintainers)
    .where(and(eq(entryMaintainers.entryType, spec.type), eq(entryMaintainers.entryId, entryId)));
  return rows.map((r) => r.organisationId);
}

/** Public content is the row until a revision is approved; entries that were never public mirror their draft. */
export const isPublic = (row: EntryRow) => row.publicationState === PUBLISHED || row.publicationState === 'archived';

/**
 * The head revision, after checking it is the one the caller based their change on. Entries written
 * before history was kept (the seed) get a baseline revision first; their callers pass no base.
 */
export async function checkedHead(tx: Db, spec: EntrySpec, row: EntryRow, baseRevisionId: number | null): Promise<RevisionRow> {
  const head = await headRevision(tx, spec.type, row.id);
  if (!head) {
    if (baseRevisionId !== null) throw new ConflictError('This entry has no revision yet: send baseRevisionId null.', null);
    return appendRevision(tx, {
      type: spec.type,
      entryId: row.id,
      base: null,
      action: 'import',
      state: row.publicationState,
      snapshot: await snapshotOfEntry(tx, spec, row),
      author: null,
      message: 'Baseline of an entry written before revisions were kept.',
    });
  }
  assertBasedOnHead(head, baseRevisionId);
  return head;
}

/** The optimistic-concurrency check: a change based on anything but the head is refused, with the head to retry on. */
export function assertBasedOnHead(head: RevisionRow, baseRevisionId: number | null): void {
  if (baseRevisionId === head.id) return;
  throw new ConflictError(
    baseRevisionId === null
      ? `This entry already has revisions: base your change on the current revision.`
      : `Your change was based on an older revision; the entry has changed since. Reload, reapply and resend.`,
    head,
  );
}

/**
 * Applies `input` over `base` (null for a new entry) and validates the whole result, so rules that
 * span fields hold. Reference fields take slugs and are stored as ids. A draft saves with what it has:
 * only its name is required here; the rest of `required` is asked for on submit (`assertComplete`).
 */
export async function buildContent(
  tx: Db,
  spec: EntrySpec,
  base: Record<string, unknown> | null,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return composeContent(spec, base, input, await lookupSlugs(tx, spec, [input]));
}

/**
 * The ids of every entry the inputs name by slug (links and references): one statement a table named,
 * however many inputs, so a batch of them (an import) looks its references up together.
 */
export async function lookupSlugs(tx: Db, spec: EntrySpec, inputs: readonly Record<string, unknown>[]): Promise<IdOfSlug> {
  const wanted = new Map<object, Set<string>>();
  const want = (table: object, slug: string) => {
    const slugs = wanted.get(table) ?? new Set();
    wanted.set(table, slugs.add(slug));
  };
  for (const input of inputs) {
    linkSlugs(spec.links, input, want);
    for (const ref of spec.refs) if (input[ref.input] != null) want(ref.table, String(input[ref.input]));
  }
  const found = new Map<object, Map<string, number>>();
  for (const [table, slugs] of wanted) {
    const t = table as any;
    const rows = await tx
      .select({ id: t.id, slug: t.slug })
      .from(t)
      .where(slugs.size === 1 ? eq(t.slug, [...slugs][0]) : inArray(t.slug, [...slugs]));
    found.set(table, new Map(rows.map((r: { id: number; slug: string }) => [r.slug, r.id])));
  }
  return (table, slug) => found.get(table)?.get(slug);
}

/** `buildContent` once the slugs are looked up: no I/O, so a batch validates each of its inputs in turn. */
export function composeContent(
  spec: EntrySpec,
  base: Record<string, unknown> | null,
  input: Record<string, unknown>,
  idOf: IdOfSlug,
): Record<string, unknown> {
  const errors: FieldError[] = [];
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!spec.refs.some((r) => r.input === key) && !spec.links.some((l) => l.input === key)) patch[key] = value;
  }
  Object.assign(patch, resolveLinks(spec.links, input, idOf, errors));
  for (const ref of spec.refs) {
    const slug = input[ref.input];
    if (slug === undefined) continue;
    if (slug === null) {
      patch[ref.key] = null;
      continue;
    }
    const id = idOf(ref.table, String(slug));
    if (id !== undefined) patch[ref.key] = id;
    else errors.push({ path: ['input', ref.input], message: `no ${ref.label} has the slug "${String(slug)}"` });
  }
  const merged = { ...spec.defaults, ...(base ?? {}), ...patch };
  for (const key of spec.requiredToSave) {
    if (merged[key] === undefined || merged[key] === null) errors.push({ path: ['input', key], message: 'is required' });
  }
  const rename = Object.fromEntries([...spec.refs.map((r) => [r.key, r.input]), ...spec.links.map((l) => [l.key, l.input])]);
  const parsed = spec.content.safeParse(merged);
  if (!parsed.success) {
    for (const e of fieldErrorsFrom(parsed.error, ['input'], rename)) {
      if (!errors.some((x) => x.path.join('.') === e.path.join('.'))) errors.push(e);
    }
  }
  if (errors.length || !parsed.success) throw new InvalidInputError(errors);
  return parsed.data;
}

/** Refuses to put a draft up for review (or in public) while a field the entry needs is still empty. */
export function assertComplete(spec: EntrySpec, snapshot: Record<string, unknown>): void {
  const missing = spec.required.filter((key) => snapshot[key] === undefined || snapshot[key] === null);
  if (missing.length)
    throw new InvalidInputError(missing.map((key) => ({ path: ['input', key], message: 'is required before the entry can be submitted' })));
}

/**
 * Refuses a slug another entry holds, naming the field. `row` is the locked entry being written (null
 * for a new one): a slug it already holds is its own, since the table's unique constraint lets no
 * other row have it, so that case needs no query.
 */
export async function assertSlugFree(tx: Db, spec: EntrySpec, slug: unknown, row: EntryRow | null): Promise<void> {
  if (row && slug === row.slug) return;
  const table = spec.table as any;
  const where = row === null ? eq(table.slug, slug) : and(eq(table.slug, slug), ne(table.id, row.id));
  const [taken] = await tx.select({ id: table.id }).from(table).where(where).limit(1);
  if (taken)
    throw new InvalidInputError([{ path: ['input', 'slug'], message: `"${String(slug)}" is already used by another ${spec.typename}` }]);
}

/** The full snapshot of a stored entry: its columns and its links. */
export async function snapshotOfEntry(
  tx: Db,
  spec: EntrySpec,
  row: Record<string, unknown> & { id: number },
): Promise<Record<string, unknown>> {
  return { ...columnsOfRow(spec, row), ...(await loadLinks(tx, spec.links, row.id)) };
}

/**
 * Writes content (columns and links) and/or state to the entry. With `stored`, the snapshot the
 * entry already holds, links that did not change are left alone.
 */
export async function writeRow(
  tx: Db,
  spec: EntrySpec,
  entryId: number,
  values: Record<string, unknown>,
  stored?: Record<string, unknown>,
): Promise<void> {
  await rowUpdate(tx, spec, entryId, values);
  await writeLinks(tx, linksToWrite(spec, values, stored), entryId, values);
}

/** The update of the entry's columns among `values` (links are written apart: `linksToWrite`). */
export function rowUpdate(tx: Db, spec: EntrySpec, entryId: number, values: Record<string, unknown>) {
  const table = spec.table as any;
  const columns = Object.fromEntries(Object.entries(values).filter(([k]) => !spec.links.some((l) => l.key === k)));
  return tx
    .update(table)
    .set({ ...columns, updatedAt: new Date().toISOString() })
    .where(eq(table.id, entryId));
}

/** The link lists `values` holds that differ from `stored` (all of them without it). */
export function linksToWrite(spec: EntrySpec, values: Record<string, unknown>, stored?: Record<string, unknown>): LinkSpec[] {
  const changed = stored ? new Set(diffSnapshots(stored, values).map((d) => d.field)) : null;
  return changed ? spec.links.filter((l) => changed.has(l.key)) : [...spec.links];
}
