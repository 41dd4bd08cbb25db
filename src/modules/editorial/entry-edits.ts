// Creating entries and proposing edits (update, revert): each a new revision in one transaction.
import { eq } from 'drizzle-orm';
import { entryMaintainers, revisions } from '../../../schema/editorial.ts';
import type { PublicationState } from '../../../schema/columns.ts';
import { afterSent, type Db } from '../../db.ts';
import { entryChangePart, recordEntryChange, type EntryChange, type EntryType } from '../catalogue/changes.ts';
import type { PublicFacts, PublicTransition } from '../catalogue/change-log.ts';
import type { Actor } from '../access/actor.ts';
import type { AuditEntry } from '../access/audit.ts';
import { proposeSlug } from '../catalogue/slugs.ts';
import { writeLinks } from './entry-links.ts';
import { columnsOfRow, entrySpecs, titleKeys, type EntrySpec } from './entry-specs.ts';
import {
  assertBasedOnHead,
  assertSlugFree,
  authoriseOnEntry,
  buildContent,
  checkedHead,
  composeContent,
  isPublic,
  lockEntry,
  lockEntryAsActor,
  type EntryRow,
} from './entry-store.ts';
import { NotFoundError } from '../access/errors.ts';
import { readProposalFacts, type ProposalFacts } from './proposal-facts.ts';
import { writeProposal } from './proposal-write.ts';
import { diffsOf, withDiffs } from './review-diff.ts';
import { appendRevision, type RevisionRow } from './revision-store.ts';
import { authenticated, authorise, authorisedWrite, authorisedWriteReadingActor, type AccessContext } from '../access/transaction.ts';

export interface EditResult {
  revision: RevisionRow;
  entry: { type: EntryType; id: number; slug: string; publicationState: PublicationState };
}

const authorOf = (actor: Actor) => ({ accountId: actor.accountId, organisationId: actor.organisationId, tokenId: actor.tokenId });

/** The audit row of an entry write, as `finishWrite` records it. */
function auditOf(
  ctx: AccessContext,
  actor: Actor,
  spec: EntrySpec,
  entryId: number,
  revision: Pick<RevisionRow, 'action' | 'state' | 'diff'> & { id: number | null },
  details: Record<string, unknown> = {},
): AuditEntry {
  return {
    action: `entry.${revision.action}`,
    actor,
    entryType: spec.type,
    entryId,
    revisionId: revision.id,
    details: { ...details, state: revision.state, fields: revision.diff.map((d) => d.field) },
    requestId: ctx.requestId ?? null,
  };
}

/** Whether a write put new content in public: only an approval does. */
const transitionOf = (before: PublicFacts | null, after: PublicFacts, revision: Pick<RevisionRow, 'action'>): PublicTransition => ({
  before,
  after,
  contentWritten: revision.action === 'approve' || revision.action === 'publish_trusted',
});

const resultOf = (spec: EntrySpec, entry: { id: number; slug: string; publicationState: PublicationState }, revision: RevisionRow) => ({
  revision,
  entry: { type: spec.type, id: entry.id, slug: entry.slug, publicationState: entry.publicationState },
});

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
  await recordEntryChange(tx, auditOf(ctx, actor, spec, entry.id, revision, details), change, transitionOf(before, entry, revision));
  return resultOf(spec, entry, revision);
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

/**
 * Shared by update and revert: a new draft proposal; the row changes only while the entry was never public. On the
 * locked row, one statement reads what the proposal needs (proposal-facts.ts) and one writes it (proposal-write.ts);
 * the answer's diffs are worked out from what was read. Only an entry written before history was kept (no head
 * yet), a new slug, or a write that must announce more than its audit row, costs statements beyond those.
 */
async function proposeIn(
  tx: Db,
  actor: Actor,
  row: EntryRow,
  o: ProposalOptions,
  action: 'update' | 'revert',
  next: { input: Record<string, unknown> } | { snapshot: Record<string, unknown> },
  options: { missing?: NotFoundError; facts?: Promise<ProposalFacts> } = {},
): Promise<EditResult> {
  const spec = entrySpecs[o.type];
  const { missing } = options;
  const facts = await (options.facts ??
    readProposalFacts(tx, spec, row.id, 'input' in next ? { inputs: [next.input] } : { snapshots: [next.snapshot] }));
  const { maintainers } = facts;
  await authoriseOnEntry(tx, actor, { kind: 'entry.edit', type: o.type, maintainers }, spec, row, {
    maintainers,
    ...(missing ? { missing } : {}),
  });
  if (facts.head) assertBasedOnHead(facts.head, o.baseRevisionId);
  const head = facts.head ?? (await checkedHead(tx, spec, row, o.baseRevisionId));
  const content = 'input' in next ? composeContent(spec, head.snapshot, next.input, facts.idOf) : next.snapshot;
  await assertSlugFree(tx, spec, content.slug, row);
  const mirror = !isPublic(row);
  // A never-public entry's row mirrors its head revision, so only what changed since needs writing.
  const entry = mirror ? { ...row, slug: String(content.slug), publicationState: 'draft' as const } : row;
  const proposal = { type: o.type, entryId: row.id, base: head, action, state: 'draft' as const, snapshot: content };
  const written = await writeProposal(tx, {
    spec,
    revision: { ...proposal, author: authorOf(actor), message: o.message },
    mirror: mirror ? { values: { ...content, publicationState: 'draft' }, stored: head.snapshot } : null,
    record: (revision, revisionId) =>
      entryChangePart(
        tx,
        auditOf(o, actor, spec, row.id, { id: null, action, state: proposal.state, diff: revision.diff }),
        { type: spec.type, id: row.id, slug: entry.slug },
        transitionOf(row, entry, proposal),
        revisionId,
      ),
  });
  if (!written.recorded) return finishWrite(tx, o, actor, spec, row, entry, written.revision);
  // With no head read, the diffs' published state is the baseline just written: the Revision type reads them itself.
  if (!facts.head) return resultOf(spec, entry, written.revision);
  const diffs = diffsOf(spec, content, facts.published, head.snapshot, facts.labels);
  return resultOf(spec, entry, withDiffs(written.revision, diffs));
}

export function updateEntry(o: ProposalOptions & { input: Record<string, unknown> }): Promise<EditResult> {
  const spec = entrySpecs[o.type];
  return authorisedWriteReadingActor(o, { action: 'entry.update', entryType: o.type, entryId: o.entryId }, async (tx) => {
    const locking = lockEntryAsActor(tx, o.viewer, spec, o.entryId);
    // Sent behind the lock in the same round trip: the server starts it only once the lock is held, so it still reads
    // the entry as the last writer left it (proposal-facts.ts). Unused when the lock refuses; its failure is the lock's.
    const facts = o.viewer ? afterSent().then(() => readProposalFacts(tx, spec, o.entryId, { inputs: [o.input] })) : undefined;
    facts?.catch(() => {});
    const { actor, row } = await locking;
    return proposeIn(tx, actor, row, o, 'update', { input: o.input }, facts ? { facts } : {});
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
    const row = await lockEntry(tx, entrySpecs[target.entryType], target.entryId);
    return proposeIn(tx, actor, row, proposal, 'revert', { snapshot: target.snapshot }, { missing });
  });
}
