// The read side of the kernel: every refused read is audited like a refused write, then answered with one error.
import { AppError } from '../../errors.ts';
import { loadActor, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { decide, SIGN_IN, type Action } from './permissions.ts';
import type { AccessContext } from './transaction.ts';

type AuditedEntry = { type: string; id: number };

/** Audits a refused read (on its own: a read has no transaction to roll back), for callers that answer as if nothing were there. */
export async function auditRefusedRead(ctx: AccessContext, action: string, reason: string, entry?: AuditedEntry): Promise<void> {
  await recordAudit(ctx.db, {
    action,
    outcome: 'denied',
    actor: ctx.viewer,
    entryType: entry?.type ?? null,
    entryId: entry?.id ?? null,
    details: { reason },
    requestId: ctx.requestId ?? null,
  });
}

/** Audits the refusal, then throws FORBIDDEN, or UNAUTHENTICATED when anonymous. */
export async function refuseRead(ctx: AccessContext, action: string, reason: string, entry?: AuditedEntry): Promise<never> {
  await auditRefusedRead(ctx, action, reason, entry);
  throw new AppError(ctx.viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED', reason);
}

/**
 * The reader behind the request: reads take the membership the token check already read (see loadActor).
 * Anonymous callers are refused here, before anything is looked up for them.
 */
export async function signedInReader(ctx: AccessContext, action: string): Promise<Actor> {
  const actor = await loadActor(ctx.db, ctx.viewer, 'carried');
  return actor ?? refuseRead(ctx, action, SIGN_IN);
}

/** The matrix's answer for a read; a refusal is audited (against the entry, if given) and thrown. */
export async function assertMayRead(ctx: AccessContext, actor: Actor | null, action: Action, entry?: AuditedEntry): Promise<void> {
  const decision = decide(actor, action);
  if (!decision.allowed) await refuseRead(ctx, action.kind, decision.reason, entry);
}
