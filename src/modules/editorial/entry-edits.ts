// Creating entries and proposing edits (update, revert): each a new revision in one transaction.
import { eq } from 'drizzle-orm';
import { entryMaintainers, revisions } from '../../../schema/editorial.ts';
import type { PublicationState } from '../../../schema/columns.ts';
import type { Db } from '../../db.ts';
import { recordEntryChange, type EntryChange, type EntryType } from '../catalogue/changes.ts';
import type { PublicFacts } from '../catalogue/change-log.ts';
import type { Actor } from '../access/actor.ts';
import { proposeSlug } from '../catalogue/slugs.ts';
import { writeLinks } from './entry-links.ts';
import { columnsOfRow, entrySpecs, titleKeys, type EntrySpec } from './entry-specs.ts';
import {
  assertSlugFree,
  authoriseOnEntry,
  buildContent,
  checkedHead,
  isPublic,
  lockEntry,
  maintainersOf,
  writeRow,
  type EntryRow,
} from './entry-store.ts';
import { NotFoundError } from '../access/errors.ts';
import { appendRevision, type RevisionRow } from './revision-store.ts';
import { authenticated, authorise, authorisedWrite, type AccessContext } from '../access/transaction.ts';

export interface EditResult {
  revision: RevisionRow;
  entry: { type: EntryType; id: number; slug: string; publicationState: PublicationState };
}

const authorOf = (actor: Actor) => ({ accountId: actor.accountId, organisationId: actor.organisationId, tokenId: actor.tokenId });

/**
 * Audit and announce a write, inside its transaction, and log what it changed in public. `before` is the row
 * as it was locked (null for a new entry); only an approval writes public content.
 */
export async function finishWrite(
  tx: Db,
  ctx: AccessContext,
  actor: Actor,
  spec: EntrySpec,
  before: PublicFacts | null,
  entry: { id: number; slug: string; publicationState: PublicationState },
  revision: RevisionRow,
  details: Record<string, unknown> = {},
): Promise<EditResult> {
  const change: EntryChange = { type: spec.type, id: entry.id, slug: entry.slug };
  const transition = { before, after: entry, contentWritten: revision.action === 'approve' || revision.action === 'publish_trusted' };
  await recordEntryChange(
    tx,
    {
      action: `entry.${revision.action}`,
      actor,
      entryType: spec.type,
      entryId: entry.id,
      revisionId: revision.id,
      details: { ...details, state: revision.state, fields: revision.diff.map((d) => d.field) },
      requestId: ctx.requestId ?? null,
    },
    change,
    transition,
  );
  return { revision, entry: { type: spec.type, id: entry.id, slug: entry.slug, publicationState: entry.publicationState } };
}

/** The input with a slug proposed from its name or title when it has none (unique: -2, -3... if taken). */
async function withProposedSlug(tx: Db, spec: EntrySpec, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (input.slug != null) return input;
  const title = titleKeys.map((k) => input[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  // Without a title the slug stays missing, and validation names both fields.
  return title ? { ...input, slug: await proposeSlug(tx, spec.type, title) } : input;
}

/** A new entry starts as a draft maintained by the author's organisation; its slug is proposed when not given. */
export async function createEntry(
  o: AccessContext & { type: EntryType; input: Record<string, unknown>; message?: string | null },
): Promise<EditResult> {
  const spec = entrySpecs[o.type];
  return authorisedWrite(o, { action: `entry.create`, entryType: o.type }, async (tx, actor) => {
    authorise(actor, { kind: 'entry.create', type: o.type });
    const content = await buildContent(tx, spec, null, await withProposedSlug(tx, spec, o.input));
    await assertSlugFree(tx, spec, content.slug, null);
    const columns = Object.fromEntries(spec.columns.map((k) => [k, content[k]]));
    const [row] = (await tx
      .insert(spec.table as any)
      .values({ ...columns, publicationState: 'draft' })
      .returning()) as EntryRow[];
    await writeLinks(tx, spec.links, row!.id, content);
    const snapshot = { ...content, ...columnsOfRow(spec, row!) };
    const revision = await appendRevision(tx, {
      type: o.type,
      entryId: row!.id,
      base: null,
      action: 'create',
      state: 'draft',
      snapshot,
      author: authorOf(actor),
      message: o.message,
    });
    await tx.insert(entryMaintainers).values({ entryType: o.type, entryId: row!.id, organisationId: actor.organisationId });
    return finishWrite(tx, o, actor, spec, null, row!, revision);
  });
}

interface ProposalOptions extends AccessContext {
  type: EntryType;
  entryId: number;
  baseRevisionId: number | null;
  message?: string | null;
}

/** Shared by update and revert: a new draft proposal; the row changes only while the entry was never public. */
async function proposeIn(
  tx: Db,
  actor: Actor,
  o: ProposalOptions,
  action: 'update' | 'revert',
  next: (head: RevisionRow) => Promise<Record<string, unknown>>,
  missing?: NotFoundError,
): Promise<EditResult> {
  const spec = entrySpecs[o.type];
  const row = await lockEntry(tx, spec, o.entryId);
  const maintainers = await maintainersOf(tx, spec, o.entryId);
  await authoriseOnEntry(tx, actor, { kind: 'entry.edit', type: o.type, maintainers }, spec, row, {
    maintainers,
    ...(missing ? { missing } : {}),
  });
  const head = await checkedHead(tx, spec, row, o.baseRevisionId);
  const content = await next(head);
  await assertSlugFree(tx, spec, content.slug, row);
  const revision = await appendRevision(tx, {
    type: o.type,
    entryId: row.id,
    base: head,
    action,
    state: 'draft',
    snapshot: content,
    author: authorOf(actor),
    message: o.message,
  });
  let entry = row;
  if (!isPublic(row)) {
    // A never-public entry's row mirrors its head revision, so only what changed since needs writing.
    await writeRow(tx, spec, row.id, { ...content, publicationState: 'draft' }, head.snapshot);
    entry = { ...row, slug: String(content.slug), publicationState: 'draft' };
  }
  return finishWrite(tx, o, actor, spec, row, entry, revision);
}

export function updateEntry(o: ProposalOptions & { input: Record<string, unknown> }): Promise<EditResult> {
  return authorisedWrite(o, { action: 'entry.update', entryType: o.type, entryId: o.entryId }, async (tx, actor) => {
    authenticated(actor);
    return proposeIn(tx, actor, o, 'update', (head) => buildContent(tx, entrySpecs[o.type], head.snapshot, o.input));
  });
}

/**
 * Brings back an earlier revision's content as a new proposal, which is reviewed like any other. The revision
 * is looked up only after the caller is authenticated, and one they may not see answers as a missing one.
 */
export function revertToRevision(
  o: AccessContext & { revisionId: number; baseRevisionId: number | null; message?: string | null },
): Promise<EditResult> {
  const audit: { action: string; entryType?: EntryType; entryId?: number } = { action: 'entry.revert' };
  return authorisedWrite(o, audit, async (tx, actor) => {
    authenticated(actor);
    const missing = new NotFoundError('No revision has this id.');
    const [target] = await tx.select().from(revisions).where(eq(revisions.id, o.revisionId)).limit(1);
    if (!target) throw missing;
    // Known now, so a refusal is audited against the entry.
    Object.assign(audit, { entryType: target.entryType, entryId: target.entryId });
    const proposal = { ...o, type: target.entryType, entryId: target.entryId };
    return proposeIn(tx, actor, proposal, 'revert', async () => target.snapshot, missing);
  });
}
