// The calendar poller: claims due subscriptions under a lease, fetches each feed, applies it, schedules the next poll.
// Safe to run in many processes, like the webhook worker (docs/calendars.md).
import { and, eq, sql } from 'drizzle-orm';
import { calendarSubscriptions } from '../../../schema/calendars.ts';
import { organisations } from '../../../schema/organisations.ts';
import type { Db, DbHandle } from '../../db.ts';
import type { Logger } from '../../log.ts';
import { memberAsViewer, trusterOf } from '../access/acting-member.ts';
import { inRounds } from '../operations/rounds.ts';
import type { UrlPolicy } from '../webhooks/endpoint-url.ts';
import { applyOccurrences, type ApplyReport } from './apply-feed.ts';
import { fetchFeed, FETCH_TIMEOUT_MS } from './fetch-feed.ts';
import { FeedError, occurrencesOf, type Window } from './parse-feed.ts';
import { assertReadable } from './parse-guard.ts';

export interface CalendarPollerOptions {
  handle: DbHandle;
  logger: Logger;
  policy: UrlPolicy;
  /** CALENDAR_POLL_MINUTES: from one poll of a feed to its next. */
  pollMinutes: number;
  /** Decides what is due and when the next poll is; tests move it forward instead of waiting an hour. */
  clock?: () => Date;
  /** The present as the feeds' events are judged (the window, "future"); the clock by default. */
  calendarNow?: () => Date;
  batchSize?: number;
  timeoutMs?: number;
  /** How long a feed may take to read (parse-guard.ts); tests shorten it. */
  parseDeadlineMs?: number;
  /** How often due subscriptions are looked for (default a minute). */
  checkMs?: number;
}

export interface PollOutcome {
  subscriptionId: number;
  status: 'not_modified' | 'applied' | 'failed';
  report?: ApplyReport;
  error?: string;
}

export interface CalendarPoller {
  start(): void;
  stop(): Promise<void>;
  /** Claims the subscriptions due now and polls each; resolves to what happened to each. */
  pollOnce(): Promise<PollOutcome[]>;
  /** Rounds until nothing is due (tests; the running poller does one round per check). */
  pollDue(): Promise<PollOutcome[]>;
}

/** Events from a day ago (still running, or just held) to a year ahead. */
export const windowAround = (now: Date): Window => ({
  from: new Date(now.getTime() - 86_400_000),
  to: new Date(now.getTime() + 365 * 86_400_000),
});

/** Long enough for the fetch and the writes; after it, a crashed poller's claim is taken up by another. */
const leaseMs = (timeoutMs: number) => timeoutMs + 10 * 60_000;

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : ((r as { rows?: T[] }).rows ?? [])) as T[];

/** One statement: SKIP LOCKED lets concurrent pollers take different feeds without waiting for each other. */
async function claim(db: Db, now: Date, limit: number, timeoutMs: number): Promise<{ id: number; leasedUntil: string }[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs(timeoutMs)).toISOString();
  const result = await db.execute(sql`
    UPDATE calendar_subscriptions s SET leased_until = ${leaseUntil}::timestamptz
    WHERE s.id IN (
      SELECT x.id FROM calendar_subscriptions x
      WHERE x.next_poll_at <= ${now.toISOString()}::timestamptz
        AND (x.leased_until IS NULL OR x.leased_until <= ${now.toISOString()}::timestamptz)
      ORDER BY x.next_poll_at, x.id
      LIMIT ${limit}
      FOR UPDATE OF x SKIP LOCKED)
    RETURNING s.id`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({ id: Number(r.id), leasedUntil: leaseUntil }));
}

export function createCalendarPoller(o: CalendarPollerOptions): CalendarPoller {
  const { handle, logger } = o;
  const db = handle.db;
  const clock = o.clock ?? (() => new Date());
  const calendarNow = o.calendarNow ?? clock;
  const timeoutMs = o.timeoutMs ?? FETCH_TIMEOUT_MS;

  /** Writes the poll's outcome only while the claim is still this poller's. */
  const finish = (tx: Db, id: number, lease: string, set: Partial<typeof calendarSubscriptions.$inferInsert>) =>
    tx
      .update(calendarSubscriptions)
      .set({
        ...set,
        leasedUntil: null,
        lastPolledAt: clock().toISOString(),
        nextPollAt: new Date(clock().getTime() + o.pollMinutes * 60_000).toISOString(),
      })
      .where(and(eq(calendarSubscriptions.id, id), eq(calendarSubscriptions.leasedUntil, lease)));

  async function poll(id: number, lease: string): Promise<PollOutcome> {
    const [s] = await db.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.id, id));
    if (!s) return { subscriptionId: id, status: 'failed', error: 'unsubscribed meanwhile' };
    const failed = async (error: string): Promise<PollOutcome> => {
      await finish(db, id, lease, { lastError: error });
      return { subscriptionId: id, status: 'failed', error };
    };
    const fetched = await fetchFeed({ url: s.url, policy: o.policy, etag: s.etag, lastModified: s.lastModified, timeoutMs });
    if (fetched.kind === 'failed') return failed(fetched.error);
    if (fetched.kind === 'not_modified') {
      await finish(db, id, lease, { lastError: null });
      return { subscriptionId: id, status: 'not_modified' };
    }
    let occurrences: ReturnType<typeof occurrencesOf>;
    const window = windowAround(calendarNow());
    try {
      // In a worker first, with a deadline: a rule ical.js cannot finish must not freeze this process.
      await assertReadable(fetched.body, window, o.parseDeadlineMs);
      occurrences = occurrencesOf(fetched.body, window);
    } catch (err) {
      if (err instanceof FeedError) return failed(err.message);
      throw err;
    }
    const viewer = await memberAsViewer(db, s.createdBy, s.organisationId);
    if (!viewer) return failed('The person who subscribed this calendar is no longer a member of the organisation: subscribe it again.');
    const [org] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, s.organisationId));
    const report = await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      // Unsubscribing or a change of trust waits for this poll; read here, trust is as it stands when the writes begin.
      const [still] = await tx.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.id, id)).for('update');
      if (!still) return null;
      const trustedBy = await trusterOf(tx, still.trustedBy);
      const r = await applyOccurrences(
        { db: tx, subscriptionId: id, url: s.url, organisation: org!.slug, viewer, trustedBy, now: calendarNow() },
        occurrences,
      );
      // With a problem the validators are not kept, so the next poll fetches the whole feed and tries again.
      const clean = r.problems.length === 0;
      await finish(tx, id, lease, {
        etag: clean ? fetched.etag : null,
        lastModified: clean ? fetched.lastModified : null,
        lastError: clean ? null : r.problems.slice(0, 20).join('\n'),
      });
      return r;
    });
    if (!report) return { subscriptionId: id, status: 'failed', error: 'unsubscribed meanwhile' };
    return { subscriptionId: id, status: 'applied', report };
  }

  async function pollOnce(): Promise<PollOutcome[]> {
    const claimed = await claim(db, clock(), o.batchSize ?? 5, timeoutMs);
    const outcomes: PollOutcome[] = [];
    // One at a time: each poll's writes are one transaction, and on the embedded database there is one connection.
    for (const c of claimed) {
      try {
        const outcome = await poll(c.id, c.leasedUntil);
        logger.info('calendar polled', {
          ...outcome,
          report: outcome.report && { ...outcome.report, problems: outcome.report.problems.length },
        });
        outcomes.push(outcome);
      } catch (err) {
        // The other feeds go on; this one is tried again at its next poll, saying why meanwhile (the error itself is
        // in the log only: it may hold SQL or a stack).
        logger.error('calendar poll failed', {
          subscriptionId: c.id,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
        const error = 'Something went wrong while applying this calendar; it will be tried again at the next poll.';
        await finish(db, c.id, c.leasedUntil, { lastError: error }).catch(() => {});
        outcomes.push({ subscriptionId: c.id, status: 'failed', error });
      }
    }
    return outcomes;
  }

  const rounds = inRounds(pollOnce, { checkMs: o.checkMs, logger, what: 'calendar poller' });
  return { pollOnce, ...rounds };
}
