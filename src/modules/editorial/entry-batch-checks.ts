// The checks of a batch of entry writes (entry-batch.ts): who may do what, which entries exist, what each item's
// content is and which slug it takes, all looked up for the whole batch before anything is written.
import type { Db } from '../../db.ts';
import { proposeSlugs } from '../catalogue/slugs.ts';
import type { Actor } from '../access/actor.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { decide, SIGN_IN } from '../access/permissions.ts';
import { lockEntries, slugsTaken } from './entry-batch-writes.ts';
import { titleKeys, type EntrySpec } from './entry-specs.ts';
import { assertComplete, authoriseOnEntry, checkedHead, composeContent, lookupSlugs, type EntryRow } from './entry-store.ts';
import { headRevisions, type RevisionRow } from './revision-store.ts';

export type BatchItem =
  | { kind: 'create'; input: Record<string, unknown>; message?: string | null }
  /** An edit over the entry's current revision: the item has no base of its own (a row of a spreadsheet). */
  | { kind: 'update'; entryId: number; input: Record<string, unknown>; message?: string | null };

/** What the single services would have thrown for the item; the batch's other items are written regardless. */
export type ItemRefusal = InvalidInputError | ConflictError | ForbiddenError | NotFoundError;

/** An item still to be written, with what its checks found. */
export interface Live {
  index: number;
  item: BatchItem;
  row: EntryRow | null;
  maintainers: readonly number[];
  head: RevisionRow | null;
  input: Record<string, unknown>;
  content: Record<string, unknown>;
}

/** Who may do what, which entries exist, and each item's validated content: everything before the writes. */
export async function checkItems(
  tx: Db,
  spec: EntrySpec,
  items: readonly BatchItem[],
  actor: Actor | null,
  refuse: (index: number, error: ItemRefusal, action: string) => void,
  actionOf: (item: BatchItem) => string,
): Promise<Live[]> {
  if (!actor) {
    for (const [i, item] of items.entries()) refuse(i, new ForbiddenError(SIGN_IN), actionOf(item));
    return [];
  }
  const creating = decide(actor, { kind: 'entry.create', type: spec.type });
  const updateIds = items.flatMap((item) => (item.kind === 'update' ? [item.entryId] : []));
  const { rows, maintainers } = await lockEntries(tx, spec, updateIds);
  const heads = await headRevisions(tx, spec.type, [...rows.keys()]);
  const live: Live[] = [];
  const editing = new Set<number>();
  for (const [index, item] of items.entries()) {
    if (item.kind === 'create') {
      if (!creating.allowed) refuse(index, new ForbiddenError(creating.reason), 'entry.create');
      else live.push({ index, item, row: null, maintainers: [actor.organisationId], head: null, input: item.input, content: {} });
      continue;
    }
    const row = rows.get(item.entryId);
    const ofEntry = maintainers.get(item.entryId) ?? [];
    if (!row) {
      refuse(index, new NotFoundError(`No ${spec.typename} has this id.`), 'entry.update');
      continue;
    }
    if (editing.has(item.entryId)) {
      refuse(index, new ConflictError('This entry is edited by an earlier item of the same batch.', null), 'entry.update');
      continue;
    }
    try {
      await authoriseOnEntry(tx, actor, { kind: 'entry.edit', type: spec.type, maintainers: ofEntry }, spec, row, { maintainers: ofEntry });
    } catch (err) {
      if (err instanceof ForbiddenError) refuse(index, err, 'entry.update');
      else throw err;
      continue;
    }
    editing.add(item.entryId);
    // An entry written before history was kept gets its baseline first, as checkedHead gives a single edit.
    const head = heads.get(item.entryId) ?? (await checkedHead(tx, spec, row, null));
    live.push({ index, item, row, maintainers: ofEntry, head, input: item.input, content: {} });
  }
  await proposeSlugsFor(tx, spec, live);
  const idOf = await lookupSlugs(
    tx,
    spec,
    live.map((l) => l.input),
  );
  const valid = live.filter((l) => {
    try {
      l.content = composeContent(spec, l.head?.snapshot ?? null, l.input, idOf);
      return true;
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      refuse(l.index, err, actionOf(l.item));
      return false;
    }
  });
  return withFreeSlugs(tx, spec, valid, (l, err) => refuse(l.index, err, actionOf(l.item)));
}

/** New entries without a slug get one proposed from their title (as createEntry does), none of the batch's twice. */
async function proposeSlugsFor(tx: Db, spec: EntrySpec, live: Live[]): Promise<void> {
  const titleOf = (input: Record<string, unknown>) =>
    titleKeys.map((k) => input[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const wanting = live.filter((l) => l.item.kind === 'create' && l.input.slug == null && titleOf(l.input));
  if (!wanting.length) return;
  const chosen = new Set(live.flatMap((l) => (typeof l.input.slug === 'string' ? [l.input.slug] : [])));
  const slugs = await proposeSlugs(
    tx,
    spec.type,
    wanting.map((l) => titleOf(l.input)!),
    chosen,
  );
  wanting.forEach((l, i) => {
    l.input = { ...l.input, slug: slugs[i] };
  });
}

/** assertSlugFree for every item at once: a slug held by another entry, or by an earlier item, is refused. */
async function withFreeSlugs(tx: Db, spec: EntrySpec, live: Live[], refuse: (l: Live, err: InvalidInputError) => void): Promise<Live[]> {
  const holders = await slugsTaken(
    tx,
    spec,
    live.filter((l) => !l.row || l.content.slug !== l.row.slug).map((l) => String(l.content.slug)),
  );
  const claimed = new Set<string>();
  return live.filter((l) => {
    const slug = String(l.content.slug);
    const holder = holders.get(slug);
    const own = l.row !== null && l.row.slug === slug;
    if (claimed.has(slug) || (!own && holder !== undefined && holder !== l.row?.id)) {
      refuse(l, new InvalidInputError([{ path: ['input', 'slug'], message: `"${slug}" is already used by another ${spec.typename}` }]));
      return false;
    }
    claimed.add(slug);
    return true;
  });
}

/** Submitting needs a whole entry, and the right to edit it (as moveEntry's submit checks). */
export function submittable(spec: EntrySpec, actor: Actor, l: Live): ItemRefusal | null {
  try {
    assertComplete(spec, l.content);
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  const decision = decide(actor, { kind: 'entry.edit', type: spec.type, maintainers: l.maintainers });
  return decision.allowed ? null : new ForbiddenError(decision.reason);
}
