// Creating entries and proposing edits (update, revert): each a new revision in one transaction.
import { and, eq } from 'drizzle-orm';
import { entryMaintainers, revisions } from '../../../schema/editorial.ts';
import type { PublicationState } from '../../../schema/columns.ts';
import type { Db } from '../../db.ts';
import type { EntryChange, EntryType } from '../catalogue/changes.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { writeLinks } from './entry-links.ts';
import { columnsOfRow, entrySpecs, type EntrySpec } from './entry-specs.ts';
import { assertSlugFree, buildContent, checkedHead, isPublic, lockEntry, maintainersOf, writeRow, type EntryRow } from './entry-store.ts';
import { NotFoundError } from './errors.ts';
import { appendRevision, type RevisionRow } from './revision-store.ts';
import { authorise, editorialWrite, type EditorialContext } from './transaction.ts';

export interface EditResult {
  revision: RevisionRow;
  entry: { type: EntryType; id: number; slug: string; publicationState: PublicationState };
}

const authorOf = (actor: Actor) => ({ accountId: actor.accountId, organisationId: actor.organisationId, tokenId: actor.tokenId });

/** Audit and announce a write, inside its transaction, in one statement. */
export async function finishWrite(tx: Db, ctx: EditorialContext, actor: Actor, spec: EntrySpec, entry: { id: number; slug: string; publicationState: PublicationState }, revision: RevisionRow, details: Record<string, unknown> = {}): Promise<EditResult> {
  const change: EntryChange = { type: spec.type, id: entry.id, slug: entry.slug };
  await recordAudit(tx, {
    action: `entry.${revision.action}`, actor, entryType: spec.type, entryId: entry.id, revisionId: revision.id,
    details: { ...details, state: revision.state, fields: revision.diff.map((d) => d.field) }, requestId: ctx.requestId ?? null,
  }, change);
  return { revision, entry: { type: spec.type, id: entry.id, slug: entry.slug, publicationState: entry.publicationState } };
}

/** A new entry starts as a draft maintained by the author's organisation. */
export async function createEntry(o: EditorialContext & { type: EntryType; input: Record<string, unknown>; message?: string | null }): Promise<EditResult> {
  const spec = entrySpecs[o.type];
  return editorialWrite(o, { action: `entry.create`, entryType: o.type }, async (tx, actor) => {
    authorise(actor, { kind: 'entry.create', type: o.type });
    const content = await buildContent(tx, spec, null, o.input);
    await assertSlugFree(tx, spec, content.slug, null);
    const columns = Object.fromEntries(spec.columns.map((k) => [k, content[k]]));
    const [row] = (await tx.insert(spec.table as any).values({ ...columns, publicationState: 'draft' }).returning()) as EntryRow[];
    await writeLinks(tx, spec.links, row!.id, content);
    const snapshot = { ...content, ...columnsOfRow(spec, row!) };
    const revision = await appendRevision(tx, {
      type: o.type, entryId: row!.id, base: null, action: 'create', state: 'draft', snapshot, author: authorOf(actor), message: o.message,
    });
    await tx.insert(entryMaintainers).values({ entryType: o.type, entryId: row!.id, organisationId: actor.organisationId });
    return finishWrite(tx, o, actor, spec, row!, revision);
  });
}

interface ProposalOptions extends EditorialContext {
  type: EntryType;
  entryId: number;
  baseRevisionId: number | null;
  message?: string | null;
}

/** Shared by update and revert: a new draft proposal; the row changes only while the entry was never public. */
async function propose(o: ProposalOptions, action: 'update' | 'revert', next: (tx: Db, head: RevisionRow) => Promise<Record<string, unknown>>): Promise<EditResult> {
  const spec = entrySpecs[o.type];
  return editorialWrite(o, { action: `entry.${action}`, entryType: o.type, entryId: o.entryId }, async (tx, actor) => {
    const row = await lockEntry(tx, spec, o.entryId);
    authorise(actor, { kind: 'entry.edit', type: o.type, maintainers: await maintainersOf(tx, spec, o.entryId) });
    const head = await checkedHead(tx, spec, row, o.baseRevisionId);
    const content = await next(tx, head);
    await assertSlugFree(tx, spec, content.slug, row);
    const revision = await appendRevision(tx, { type: o.type, entryId: row.id, base: head, action, state: 'draft', snapshot: content, author: authorOf(actor), message: o.message });
    let entry = row;
    if (!isPublic(row)) {
      // A never-public entry's row mirrors its head revision, so only what changed since needs writing.
      await writeRow(tx, spec, row.id, { ...content, publicationState: 'draft' }, head.snapshot);
      entry = { ...row, slug: String(content.slug), publicationState: 'draft' };
    }
    return finishWrite(tx, o, actor, spec, entry, revision);
  });
}

export function updateEntry(o: ProposalOptions & { input: Record<string, unknown> }): Promise<EditResult> {
  return propose(o, 'update', (tx, head) => buildContent(tx, entrySpecs[o.type], head.snapshot, o.input));
}

/** Brings back an earlier revision's content as a new proposal, which is reviewed like any other. */
export function revertEntry(o: ProposalOptions & { revisionId: number }): Promise<EditResult> {
  return propose(o, 'revert', async (tx) => {
    const [target] = await tx
      .select()
      .from(revisions)
      .where(and(eq(revisions.id, o.revisionId), eq(revisions.entryType, o.type), eq(revisions.entryId, o.entryId)))
      .limit(1);
    if (!target) throw new NotFoundError('That revision does not belong to this entry.');
    return target.snapshot;
  });
}
