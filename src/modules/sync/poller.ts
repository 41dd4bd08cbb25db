// The sync poller: claims due sources under a lease (several processes may run it), polls each, as calendars do.
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../../db.ts';
import type { Logger } from '../../log.ts';
import { inRounds } from '../operations/rounds.ts';
import type { UrlPolicy } from '../webhooks/endpoint-url.ts';
import { pollSource, type SourcePoll } from './poll-source.ts';
import { SOURCE_TIMEOUT_MS } from './read-source.ts';

export interface SyncPollerOptions {
  handle: DbHandle;
  logger: Logger;
  policy: UrlPolicy;
  /** SYNC_POLL_MINUTES. */
  pollMinutes: number;
  clock?: () => Date;
  timeoutMs?: number;
  checkMs?: number;
}

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : ((r as { rows?: T[] }).rows ?? [])) as T[];

export function createSyncPoller(o: SyncPollerOptions) {
  const db = o.handle.db;
  const clock = o.clock ?? (() => new Date());
  const timeoutMs = o.timeoutMs ?? SOURCE_TIMEOUT_MS;

  /** One statement: SKIP LOCKED lets concurrent pollers take different sources. A lease outlives a slow poll. */
  async function claim(): Promise<{ id: number; lease: string }[]> {
    const now = clock().toISOString();
    const lease = new Date(clock().getTime() + timeoutMs * 25 + 10 * 60_000).toISOString();
    const result = await db.execute(sql`
      UPDATE sync_sources s SET leased_until = ${lease}::timestamptz
      WHERE s.id IN (
        SELECT x.id FROM sync_sources x
        WHERE x.next_poll_at <= ${now}::timestamptz AND (x.leased_until IS NULL OR x.leased_until <= ${now}::timestamptz)
        ORDER BY x.next_poll_at, x.id LIMIT 5
        FOR UPDATE OF x SKIP LOCKED)
      RETURNING s.id`);
    return rowsOf<Record<string, unknown>>(result).map((r) => ({ id: Number(r.id), lease }));
  }

  async function pollOnce(): Promise<SourcePoll[]> {
    const out: SourcePoll[] = [];
    for (const c of await claim()) {
      try {
        const outcome = await pollSource({ db, policy: o.policy, pollMinutes: o.pollMinutes, clock, timeoutMs }, c.id, c.lease);
        o.logger.info('source polled', {
          ...outcome,
          report: outcome.report && { ...outcome.report, problems: outcome.report.problems.length },
        });
        out.push(outcome);
      } catch (err) {
        // The details (SQL, a stack) go to the log only; the source says that something failed, and is tried again.
        o.logger.error('source poll failed', { sourceId: c.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        const error = 'Something went wrong while applying this source; it will be tried again at the next poll.';
        await db
          .execute(sql`UPDATE sync_sources SET last_error = ${error}, leased_until = NULL,
            next_poll_at = ${new Date(clock().getTime() + o.pollMinutes * 60_000).toISOString()}::timestamptz
            WHERE id = ${c.id} AND leased_until = ${c.lease}::timestamptz`)
          .catch(() => {});
        out.push({ sourceId: c.id, name: '?', status: 'failed', error });
      }
    }
    return out;
  }

  return { pollOnce, ...inRounds(pollOnce, { checkMs: o.checkMs, logger: o.logger, what: 'sync poller' }) };
}
