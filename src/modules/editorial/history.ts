// Who may read an entry's history and the review queue: the read checks of the editorial paths.
import { and, eq } from 'drizzle-orm';
import { entryMaintainers, type EntryType } from '../../../schema/editorial.ts';
import { loadActor } from '../access/actor.ts';
import { decide } from '../access/permissions.ts';
import { assertMayRead, auditRefusedRead, refuseRead } from '../access/read.ts';
import type { AccessContext } from '../access/transaction.ts';

const HISTORY_REFUSED = 'Only hosts and the organisations maintaining this entry see its history.';

/** Hosts and the entry's maintainers may read its revisions. */
export async function canReadHistory(ctx: AccessContext, type: EntryType, entryId: number): Promise<boolean> {
  const actor = await loadActor(ctx.db, ctx.viewer, 'carried');
  if (!actor) return false;
  const maintainers = actor.isHost
    ? []
    : (
        await ctx.db
          .select({ id: entryMaintainers.organisationId })
          .from(entryMaintainers)
          .where(and(eq(entryMaintainers.entryType, type), eq(entryMaintainers.entryId, entryId)))
      ).map((r) => r.id);
  return decide(actor, { kind: 'entry.history', maintainers }).allowed;
}

export async function assertCanReadHistory(ctx: AccessContext, type: EntryType, entryId: number): Promise<void> {
  if (!(await canReadHistory(ctx, type, entryId))) await refuseRead(ctx, 'entry.history', HISTORY_REFUSED, { type, id: entryId });
}

/** For reads that answer "nothing here" rather than an error (one revision by id): false is audited all the same. */
export async function mayReadHistoryOrAudit(ctx: AccessContext, type: EntryType, entryId: number): Promise<boolean> {
  if (await canReadHistory(ctx, type, entryId)) return true;
  await auditRefusedRead(ctx, 'entry.history', HISTORY_REFUSED, { type, id: entryId });
  return false;
}

export const assertCanSeeReviewQueue = async (ctx: AccessContext) =>
  assertMayRead(ctx, await loadActor(ctx.db, ctx.viewer, 'carried'), { kind: 'review.queue' });
export const assertCanReadAudit = async (ctx: AccessContext) =>
  assertMayRead(ctx, await loadActor(ctx.db, ctx.viewer, 'carried'), { kind: 'audit.read' });
