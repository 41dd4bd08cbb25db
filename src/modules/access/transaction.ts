// One authorised write = one transaction: actor loaded inside it, refusals audited after the rollback.
import type { Db } from '../../db.ts';
import type { Viewer } from './viewer.ts';
import { loadActor, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { ConflictError, ForbiddenError, InvalidInputError } from './errors.ts';
import { decide, SIGN_IN, type Action } from './permissions.ts';

/** What every editorial service receives besides its own options. */
export interface AccessContext {
  db: Db;
  viewer: Viewer | null;
  requestId?: string | undefined;
}

/** Throws ForbiddenError unless the matrix allows the action. */
export function authorise(actor: Actor | null, action: Action): asserts actor is Actor {
  const decision = decide(actor, action);
  if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

/** For actions whose finer checks need data: refuse anonymous callers before loading it. */
export function authenticated(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new ForbiddenError(SIGN_IN);
}

function pgErrorOf(err: unknown): { code?: string; constraint?: string } | null {
  for (let e: any = err; e; e = e.cause) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, constraint: e.constraint_name ?? e.constraint };
  }
  return null;
}

/**
 * Runs `work` in a transaction (only `tx` inside: PGlite has one connection). A refusal rolls the
 * work back and is then written to the audit log on its own, so the record survives.
 */
export function authorisedWrite<T>(
  ctx: AccessContext,
  audit: { action: string; entryType?: string; entryId?: number },
  work: (tx: Db, actor: Actor | null) => Promise<T>,
): Promise<T> {
  return authorisedWriteReadingActor(ctx, audit, async (tx) => work(tx, await loadActor(tx, ctx.viewer)));
}

/**
 * `authorisedWrite` for work that reads the actor itself, inside the transaction, in its first statement together
 * with what that statement reads anyway (`lockEntryAsActor`: the entry's row, locked): a round trip less per write.
 * The work refuses anonymous callers (`authenticated`) before it learns anything else.
 */
export async function authorisedWriteReadingActor<T>(
  ctx: AccessContext,
  audit: { action: string; entryType?: string; entryId?: number },
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.db.transaction(async (tx) => work(tx as unknown as Db));
  } catch (err) {
    if (err instanceof ForbiddenError) {
      await recordAudit(ctx.db, {
        action: audit.action,
        outcome: 'denied',
        actor: ctx.viewer,
        entryType: audit.entryType ?? null,
        entryId: audit.entryId ?? null,
        details: { reason: err.message },
        requestId: ctx.requestId ?? null,
      });
    }
    if (err instanceof ForbiddenError && err.hiddenAs) throw err.hiddenAs;
    const pg = pgErrorOf(err);
    // Safety nets behind the explicit checks: the database has the last word on races.
    if (pg?.code === '23505' && pg.constraint === 'revisions_base_unique') {
      throw new ConflictError('Another change to this entry was saved first; reload and try again.', null);
    }
    if (pg?.code === '23505' && /_slug_key$/.test(pg.constraint ?? '')) {
      throw new InvalidInputError([{ path: ['input', 'slug'], message: 'is already used by another entry' }]);
    }
    if (pg?.code === '23505' && pg.constraint === 'calendar_subscriptions_url_idx') {
      // Two subscriptions of one address sent at once: the check in subscriptions.ts saw neither.
      throw new InvalidInputError([{ path: ['url'], message: 'is already subscribed for this organisation' }]);
    }
    if (pg?.code === '40001' || pg?.code === '40P01') throw new ConflictError('A concurrent change won; reload and try again.', null);
    throw err;
  }
}
