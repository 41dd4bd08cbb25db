// Who may read an entry's history and the review queue: the permission checks of the read paths.
import { and, eq } from 'drizzle-orm';
import { entryMaintainers } from '../../../schema/editorial.ts';
import { AppError } from '../../errors.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { loadActor } from './actor.ts';
import { decide, type Action } from './permissions.ts';
import type { EditorialContext } from './transaction.ts';

async function check(ctx: EditorialContext, action: Action): Promise<void> {
  const decision = decide(await loadActor(ctx.db, ctx.viewer), action);
  if (!decision.allowed) throw new AppError(ctx.viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED', decision.reason);
}

/** Hosts and the entry's maintainers may read its revisions. */
export async function canReadHistory(ctx: EditorialContext, type: EntryType, entryId: number): Promise<boolean> {
  const actor = await loadActor(ctx.db, ctx.viewer);
  if (!actor) return false;
  const maintainers = actor.isHost
    ? []
    : (await ctx.db.select({ id: entryMaintainers.organisationId }).from(entryMaintainers)
        .where(and(eq(entryMaintainers.entryType, type), eq(entryMaintainers.entryId, entryId)))).map((r) => r.id);
  return decide(actor, { kind: 'entry.history', maintainers }).allowed;
}

export async function assertCanReadHistory(ctx: EditorialContext, type: EntryType, entryId: number): Promise<void> {
  if (!(await canReadHistory(ctx, type, entryId))) {
    throw new AppError(ctx.viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'Only hosts and the organisations maintaining this entry see its history.');
  }
}

export const assertCanSeeReviewQueue = (ctx: EditorialContext) => check(ctx, { kind: 'review.queue' });
export const assertCanReadAudit = (ctx: EditorialContext) => check(ctx, { kind: 'audit.read' });
