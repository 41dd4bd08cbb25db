// Many entries of one type created or edited at once (an import's batch): each item decided and written as
// createEntry or updateEntry (then, if asked, a submit) would, in a number of statements that does not grow with them.
import { entryMaintainers } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { recordEntryChanges } from '../catalogue/changes.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit, type AuditEntry } from '../access/audit.ts';
import { ForbiddenError } from '../access/errors.ts';
import { authorisedWrite, type AccessContext } from '../access/transaction.ts';
import type { EditResult } from './entry-edits.ts';
import { columnsOfRow, entrySpecs, type EntrySpec } from './entry-specs.ts';
import { isPublic, type EntryRow } from './entry-store.ts';
import { checkItems, submittable, type BatchItem, type ItemRefusal, type Live } from './entry-batch-checks.ts';
import { insertEntries, updateEntryRows } from './entry-batch-writes.ts';
import { appendRevisions, type RevisionRow } from './revision-store.ts';

export type { BatchItem, ItemRefusal } from './entry-batch-checks.ts';
export type BatchOutcome = { ok: true; result: EditResult } | { ok: false; error: ItemRefusal };

const authorOf = (actor: Actor) => ({ accountId: actor.accountId, organisationId: actor.organisationId, tokenId: actor.tokenId });

type BatchOptions = AccessContext & { type: EntryType; items: readonly BatchItem[]; submit?: boolean };

/**
 * Creates and edits entries of one type in one transaction: the actor is read once, references, slugs, locks,
 * maintainers and head revisions are looked up for all items together, and rows, links, revisions, maintainers,
 * audit rows, notices and webhooks are written a statement each. An item refused (invalid, not allowed, missing)
 * is answered as the single service would have answered it and writes nothing; its refusal is audited.
 */
export async function writeEntries(o: BatchOptions): Promise<BatchOutcome[]> {
  const { refusals, results } = await run(o, true);
  return refusals.map((error, i) => (error ? { ok: false, error } : { ok: true, result: results[i]! }));
}

/**
 * Every check `writeEntries` makes, and no write: what each item would meet (null for an item that would be
 * written). For a dry run, or the first pass of an import, at the cost of its reads alone.
 */
export async function checkEntries(o: BatchOptions): Promise<(ItemRefusal | null)[]> {
  return (await run(o, false)).refusals.map((error) => error ?? null);
}

async function run(o: BatchOptions, write: boolean) {
  const spec = entrySpecs[o.type];
  return authorisedWrite(o, { action: 'entry.batch', entryType: o.type }, async (tx, actor) => {
    const refusals: (ItemRefusal | undefined)[] = o.items.map(() => undefined);
    const results: (EditResult | undefined)[] = o.items.map(() => undefined);
    const denials: AuditEntry[] = [];
    const refuse = (index: number, error: ItemRefusal, action: string) => {
      const item = o.items[index]!;
      if (error instanceof ForbiddenError) {
        const entryId = item.kind === 'update' ? item.entryId : null;
        denials.push({ action, outcome: 'denied', actor: o.viewer, entryType: o.type, entryId, details: { reason: error.message } });
      }
      refusals[index] = error instanceof ForbiddenError && error.hiddenAs ? error.hiddenAs : error;
    };
    const actionOf = (item: BatchItem) => (item.kind === 'create' ? 'entry.create' : 'entry.update');
    const checked = await checkItems(tx, spec, o.items, actor, refuse, actionOf);
    const submit = o.submit ?? false;
    const live = checked.filter((l) => {
      const refusal = submit && actor ? submittable(spec, actor, l) : null;
      if (refusal) refuse(l.index, refusal, refusal instanceof ForbiddenError ? 'entry.submit' : actionOf(l.item));
      return !refusal;
    });
    if (!write) return { refusals, results };
    if (actor && live.length) await writeLive(tx, o, spec, actor, live, submit, results);
    for (const d of denials) await recordAudit(tx, { ...d, requestId: o.requestId ?? null });
    return { refusals, results };
  });
}

async function writeLive(
  tx: Db,
  o: BatchOptions,
  spec: EntrySpec,
  actor: Actor,
  live: Live[],
  submit: boolean,
  results: (EditResult | undefined)[],
): Promise<void> {
  // A new or never-public entry's row mirrors its latest revision, so it is written in its final state at once.
  const stateAfter = submit ? 'submitted' : 'draft';
  const created = await insertEntries(
    tx,
    spec,
    live.filter((l) => !l.row).map((l) => l.content),
    stateAfter,
  );
  const rowOf = (l: Live): EntryRow => l.row ?? created.get(String(l.content.slug))!;
  await updateEntryRows(
    tx,
    spec,
    live.filter((l) => l.row && !isPublic(l.row)).map((l) => ({ id: l.row!.id, content: l.content, stored: l.head!.snapshot })),
    stateAfter,
  );
  const author = authorOf(actor);
  const snapshotOf = (l: Live) => (l.row ? l.content : { ...l.content, ...columnsOfRow(spec, rowOf(l)) });
  const proposals = await appendRevisions(
    tx,
    live.map((l) => ({
      type: spec.type,
      entryId: rowOf(l).id,
      base: l.head,
      action: l.row ? 'update' : 'create',
      state: 'draft',
      snapshot: snapshotOf(l),
      author,
      message: l.item.message,
    })),
  );
  const submissions = submit
    ? await appendRevisions(
        tx,
        live.map((l) => {
          const base = proposals.get(rowOf(l).id)!;
          return { type: spec.type, entryId: base.entryId, base, action: 'submit', state: 'submitted', snapshot: base.snapshot, author };
        }),
      )
    : new Map<number, RevisionRow>();
  await insertMaintainers(
    tx,
    spec,
    live.filter((l) => !l.row).map((l) => rowOf(l).id),
    actor.organisationId,
  );
  const writes: Parameters<typeof recordEntryChanges>[1][number][] = [];
  for (const l of live) {
    const row = rowOf(l);
    const before = l.row ? { publicationState: l.row.publicationState, slug: l.row.slug } : null;
    const kept = l.row && isPublic(l.row);
    const steps: [string, RevisionRow | undefined, 'draft' | 'submitted'][] = [
      [l.row ? 'entry.update' : 'entry.create', proposals.get(row.id), 'draft'],
      ...(submit ? [['entry.submit', submissions.get(row.id), 'submitted'] as [string, RevisionRow | undefined, 'submitted']] : []),
    ];
    let facts = before;
    let result: EditResult | undefined;
    for (const [action, revision, state] of steps) {
      const after = kept
        ? { publicationState: l.row!.publicationState, slug: l.row!.slug }
        : { publicationState: state, slug: String(l.content.slug) };
      writes.push({
        audit: {
          action,
          actor,
          entryType: spec.type,
          entryId: row.id,
          revisionId: revision!.id,
          details: { state: revision!.state, fields: revision!.diff.map((d) => d.field) },
          requestId: o.requestId ?? null,
        },
        change: { type: spec.type, id: row.id, slug: after.slug },
        transition: { before: facts, after, contentWritten: false },
      });
      facts = after;
      result = { revision: revision!, entry: { type: spec.type, id: row.id, ...after } };
    }
    results[l.index] = result;
  }
  await recordEntryChanges(tx, writes);
}

async function insertMaintainers(tx: Db, spec: EntrySpec, entryIds: number[], organisationId: number): Promise<void> {
  if (entryIds.length)
    await tx.insert(entryMaintainers).values(entryIds.map((entryId) => ({ entryType: spec.type, entryId, organisationId })));
}
