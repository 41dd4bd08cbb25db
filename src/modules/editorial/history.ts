// Who may read an entry's history and the review queue: the permission checks of the read paths.
import { and, eq } from 'drizzle-orm';
import { entryMaintainers } from '../../../schema/editorial.ts';
import { AppError } from '../../errors.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { loadActor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { decide, type Action } from './permissions.ts';
import type { EditorialContext } from './transaction.ts';

/** A refused read is audited like a refused write, then answered with FORBIDDEN (or UNAUTHENTICATED). */
async function refuse(ctx: EditorialContext, action: string, reason: string, entry?: { type: EntryType; id: number }): Promise<never> {
  await recordAudit(ctx.db, {
    action, outcome: 'denied', actor: ctx.viewer, entryType: entry?.type ?? null, entryId: entry?.id ?? null, details: { reason }, requestId: ctx.requestId ?? null,
  });
  throw new AppError(ctx.viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED', reason);
}

async function check(ctx: EditorialContext, action: Action): Promise<void> {
  const decision = decide(await loadActor(ctx.db, ctx.viewer, 'carried'), action);
  if (!decision.allowed) await refuse(ctx, action.kind, decision.reason);
}

/** Hosts and the entry's maintainers may read its revisions. */
export async function canReadHistory(ctx: EditorialContext, type: EntryType, entryId: number): Promise<boolean> {
  const actor = await loadActor(ctx.db, ctx.viewer, 'carried');
  if (!actor) return false;
  const maintainers = actor.isHost
    ? []
    : (await ctx.db.select({ id: entryMaintainers.organisationId }).from(entryMaintainers)
        .where(and(eq(entryMaintainers.entryType, type), eq(entryMaintainers.entryId, entryId)))).map((r) => r.id);
  return decide(actor, { kind: 'entry.history', maintainers }).allowed;
}

export async function assertCanReadHistory(ctx: EditorialContext, type: EntryType, entryId: number): Promise<void> {
  if (!(await canReadHistory(ctx, type, entryId))) {
    await refuse(ctx, 'entry.history', 'Only hosts and the organisations maintaining this entry see its history.', { type, id: entryId });
  }
}

export const assertCanSeeReviewQueue = (ctx: EditorialContext) => check(ctx, { kind: 'review.queue' });
export const assertCanReadAudit = (ctx: EditorialContext) => check(ctx, { kind: 'audit.read' });
