// Moving a proposal through review: submit, withdraw, approve, request changes, reject, archive.
import { eq } from 'drizzle-orm';
import { slugRedirects } from '../../../schema/editorial.ts';
import { PUBLISHED, type PublicationState } from '../../../schema/columns.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { entrySpecs } from './entry-specs.ts';
import { finishWrite, type EditResult } from './entry-edits.ts';
import {
  assertComplete,
  assertSlugFree,
  authoriseOnEntry,
  checkedHead,
  isPublic,
  lockEntryAsActor,
  maintainersOf,
  snapshotOfEntry,
  writeRow,
} from './entry-store.ts';
import { ConflictError, InvalidInputError } from '../access/errors.ts';
import { appendRevision, headRevision, pendingChangeAuthors } from './revision-store.ts';
import { authorisedWriteReadingActor, type AccessContext } from '../access/transaction.ts';
import { countHosts } from '../access/actor.ts';
import type { Notifier } from './notifications.ts';
import type { ChangeAuthor } from '../access/permissions.ts';

export type WorkflowAction = 'submit' | 'withdraw' | 'approve' | 'request_changes' | 'reject' | 'archive' | 'publish_trusted';

const rules: Record<WorkflowAction, { from: readonly PublicationState[]; to: PublicationState; needsReason?: boolean }> = {
  submit: { from: ['draft', 'changes_requested', 'withdrawn'], to: 'submitted' },
  withdraw: { from: ['draft', 'submitted', 'changes_requested'], to: 'withdrawn' },
  approve: { from: ['submitted'], to: PUBLISHED },
  request_changes: { from: ['submitted'], to: 'changes_requested', needsReason: true },
  reject: { from: ['submitted'], to: 'rejected', needsReason: true },
  archive: { from: ['draft', 'submitted', 'changes_requested', PUBLISHED, 'rejected', 'withdrawn'], to: 'archived' },
  // A trusted calendar's event (docs/calendars.md) or source's entry (docs/sync.md): the host admin who trusted the
  // source was the second pair of eyes.
  publish_trusted: { from: ['draft', 'submitted', 'changes_requested', 'withdrawn'], to: PUBLISHED },
};

export interface WorkflowOptions extends AccessContext {
  action: WorkflowAction;
  type: EntryType;
  entryId: number;
  baseRevisionId: number | null;
  message?: string | null;
  reason?: string | null;
  /** publish_trusted only: who trusted the calendar the entry comes from, as the matrix judges it. */
  trustedBy?: (ChangeAuthor & { isHostAdmin: boolean }) | null;
  /** publish_trusted only: what kind of source vouched (the matrix allows a directory more types than a calendar). */
  trustedSource?: 'calendar' | 'directory';
  /** Review notices: every caller that moves an entry (GraphQL, the console) hands the same one down. */
  notify?: Notifier | undefined;
}

/** Moves an entry through review; a submission or a decision is then announced by email. */
export async function moveEntry(o: WorkflowOptions): Promise<EditResult> {
  const result = await move(o);
  announce(o, result);
  return result;
}

/**
 * Called once the move has committed, and not awaited: the mail (the notifier logs its own failures) never holds
 * up nor fails the answer to a change that is already made. Here rather than in each caller, so every path sends
 * the same notices exactly once.
 */
function announce(o: WorkflowOptions, result: EditResult) {
  if (o.action === 'submit') void o.notify?.submitted(result, o.requestId);
  else if (o.action === 'approve' || o.action === 'request_changes' || o.action === 'reject') void o.notify?.decided(result, o.requestId);
}

async function move(o: WorkflowOptions): Promise<EditResult> {
  const spec = entrySpecs[o.type];
  const rule = rules[o.action];
  return authorisedWriteReadingActor(o, { action: `entry.${o.action}`, entryType: o.type, entryId: o.entryId }, async (tx) => {
    const { actor, row } = await lockEntryAsActor(tx, o.viewer, spec, o.entryId);
    if (o.action === 'approve' || o.action === 'request_changes' || o.action === 'reject') {
      await authoriseOnEntry(
        tx,
        actor,
        {
          kind: 'entry.review',
          type: o.type,
          authors: await pendingChangeAuthors(tx, o.type, o.entryId),
          hostCount: await countHosts(tx),
        },
        spec,
        row,
      );
    } else if (o.action === 'publish_trusted') {
      const maintainers = await maintainersOf(tx, spec, o.entryId);
      const action = {
        kind: 'entry.publish_trusted',
        type: o.type,
        maintainers,
        trustedBy: o.trustedBy ?? null,
        from: o.trustedSource ?? 'calendar',
      } as const;
      await authoriseOnEntry(tx, actor, { ...action, hostCount: await countHosts(tx) }, spec, row, { maintainers });
    } else {
      const maintainers = await maintainersOf(tx, spec, o.entryId);
      await authoriseOnEntry(
        tx,
        actor,
        { kind: o.action === 'archive' ? 'entry.archive' : 'entry.edit', type: o.type, maintainers },
        spec,
        row,
        { maintainers },
      );
    }
    const reason = o.reason?.trim() || null;
    if (rule.needsReason && !reason)
      throw new InvalidInputError([{ path: ['reason'], message: 'is required: tell the submitter what to change or why' }]);
    const head = await checkedHead(tx, spec, row, o.baseRevisionId);
    const current = o.action === 'archive' ? row.publicationState : head.state;
    if (!rule.from.includes(current)) {
      throw new ConflictError(
        `Cannot ${o.action.replace('_', ' ')} an entry whose ${o.action === 'archive' ? 'state' : 'current revision'} is ${current}.`,
        head,
      );
    }
    // Archiving freezes the public content; any pending proposal stays in history.
    const snapshot = o.action === 'archive' ? await snapshotOfEntry(tx, spec, row) : head.snapshot;
    // What goes up for review, or public (an archived entry stays readable), is whole; a draft need not be.
    const publishes = o.action === 'approve' || o.action === 'publish_trusted';
    if (o.action === 'submit' || publishes || (o.action === 'archive' && !isPublic(row))) assertComplete(spec, snapshot);
    const revision = await appendRevision(tx, {
      type: o.type,
      entryId: row.id,
      base: head,
      action: o.action,
      state: rule.to,
      snapshot,
      author: { accountId: actor.accountId, organisationId: actor.organisationId, tokenId: actor.tokenId },
      message: o.message,
      reason,
    });
    let entry = row;
    if (publishes) {
      await assertSlugFree(tx, spec, snapshot.slug, row);
      if (isPublic(row) && snapshot.slug !== row.slug) {
        // A public slug keeps answering after a rename.
        await tx
          .insert(slugRedirects)
          .values({ entryType: o.type, oldSlug: row.slug, entryId: row.id })
          .onConflictDoUpdate({ target: [slugRedirects.entryType, slugRedirects.oldSlug], set: { entryId: row.id } });
      }
      await writeRow(tx, spec, row.id, { ...snapshot, publicationState: PUBLISHED });
      entry = { ...row, slug: String(snapshot.slug), publicationState: PUBLISHED };
    } else if (o.action === 'archive' || !isPublic(row)) {
      await writeRow(tx, spec, row.id, { publicationState: rule.to });
      entry = { ...row, publicationState: rule.to };
    }
    return finishWrite(tx, o, actor, spec, row, entry, revision, reason ? { reason } : {});
  });
}

/**
 * An entry whose source (a calendar feed, another directory) no longer lists it: archived if it is published,
 * withdrawn if a change of it is still in the workflow, else left as it is. Says which it did.
 */
export async function retireEntry(
  o: AccessContext & { type: EntryType; entryId: number; message: string },
): Promise<'archived' | 'withdrawn' | null> {
  const table = entrySpecs[o.type].table as any;
  const [entry] = (await o.db.select({ state: table.publicationState }).from(table).where(eq(table.id, o.entryId))) as {
    state: string;
  }[];
  const head = await headRevision(o.db, o.type, o.entryId);
  const move = { ...o, baseRevisionId: head?.id ?? null };
  if (entry?.state === 'published') {
    await moveEntry({ ...move, action: 'archive' });
    return 'archived';
  }
  if (head && ['draft', 'submitted', 'changes_requested'].includes(head.state)) {
    await moveEntry({ ...move, action: 'withdraw' });
    return 'withdrawn';
  }
  return null;
}
