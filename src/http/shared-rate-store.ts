// A hono-rate-limiter Store whose counts every server of one PostgreSQL shares, at no database cost to a request.
import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import postgres from 'postgres';
import type { Logger } from '../log.ts';

/** One client's count in the current window, as this server knows it. */
interface Count {
  windowStart: number;
  /** The total all servers had reached at this server's last sync. */
  shared: number;
  /** Hits counted here and in a sync not yet answered. */
  sending: number;
  /** Hits counted here since (negative after a request the limiter took back). */
  pending: number;
  /** The client's total in the window before, weighed by how much of it still lies within the last `windowMs`. */
  previous: number;
}

export interface SharedRateStoreOptions {
  url: string;
  syncMs: number;
  connectTimeoutS: number;
  logger: Logger;
}

/**
 * Requests are counted in memory and answered at once; every `syncMs` one statement, on a connection of the
 * store's own (never the request pool), adds this server's new hits to the table and reads back the totals of
 * those clients and of any seen here this window that are near the limit. A client is refused when the shared total plus the hits not yet synced
 * pass the limit, so each server may let a client through for at most one interval on a total that others have
 * already raised: the overshoot is bounded by servers x that client's hits per interval. Windows are aligned to the
 * clock, so all servers agree on them, and slide: the window before still counts for the part of it that lies within
 * the last `windowMs` (Cloudflare's estimate), so a client's budget does not come back whole at the turn of a minute.
 * When PostgreSQL does not answer, counting goes on here alone and the hits are sent once it is back: the limiter
 * never fails a request for its own sake.
 */
export class SharedRateStore implements Store {
  readonly localKeys = false;
  #windowMs = 60_000;
  readonly #counts = new Map<string, Count>();
  readonly #sql: postgres.Sql;
  readonly #timer: NodeJS.Timeout;
  #syncing: Promise<void> | undefined;
  #failing = false;
  /**
   * Totals at which a client with no new hits here is still read back: a stale total matters only near the limit,
   * and reading back every client seen would let many addresses make every sync as large as they like.
   */
  #refreshFrom = 0;
  readonly #logger: Logger;

  constructor(options: SharedRateStoreOptions) {
    this.#logger = options.logger;
    this.#sql = postgres(options.url, {
      max: 1,
      // Closed when traffic stops, so an idle server holds no connection for it.
      idle_timeout: 30,
      connect_timeout: options.connectTimeoutS,
      onnotice: () => {},
      // Rows go as JSON, never arrays: no array types to fetch (postgres.js leaves that query's failure unhandled).
      fetch_types: false,
      connection: { application_name: 'engagement-directory-rate-limit', statement_timeout: Math.max(1_000, options.syncMs) },
    });
    this.#timer = setInterval(() => void this.sync(), options.syncMs);
    this.#timer.unref();
  }

  init(options: { windowMs: number; limit?: unknown }): void {
    this.#windowMs = options.windowMs;
    if (typeof options.limit === 'number') this.#refreshFrom = options.limit / 2;
  }

  increment(key: string): ClientRateLimitInfo {
    const now = Date.now();
    const count = this.#current(key, now);
    count.pending++;
    // Rounded up, so a client at its limit is still at it just after the turn of the window.
    const carried = Math.ceil(count.previous * (1 - (now - count.windowStart) / this.#windowMs));
    return {
      totalHits: count.shared + count.sending + count.pending + carried,
      resetTime: new Date(count.windowStart + this.#windowMs),
    };
  }

  decrement(key: string): void {
    this.#current(key).pending--;
  }

  /** Forgets this server's count only: the shared total stays until its window ends. */
  resetKey(key: string): void {
    this.#counts.delete(key);
  }

  async shutdown(): Promise<void> {
    clearInterval(this.#timer);
    await this.#syncing;
    await this.#sql.end({ timeout: 1 });
  }

  /** Sends the hits counted here and reads back the shared totals; one at a time, skipped when there is nothing to do. */
  sync(): Promise<void> {
    this.#syncing ??= this.#send().finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  #windowStart(now = Date.now()): number {
    return now - (now % this.#windowMs);
  }

  #current(key: string, now = Date.now()): Count {
    const windowStart = this.#windowStart(now);
    let count = this.#counts.get(key);
    if (!count || count.windowStart !== windowStart) {
      // Hits of the old window not synced yet stay here: at most one interval's, within the stated overshoot.
      const previous = count?.windowStart === windowStart - this.#windowMs ? count.shared + count.sending + count.pending : 0;
      count = { windowStart, shared: 0, sending: 0, pending: 0, previous };
      this.#counts.set(key, count);
    }
    return count;
  }

  async #send(): Promise<void> {
    const windowStart = this.#windowStart();
    for (const [key, count] of this.#counts) if (count.windowStart < windowStart - this.#windowMs) this.#counts.delete(key);
    // Sorted, so two servers lock the same rows in the same order and never deadlock.
    const batch = [...this.#counts]
      .filter(([, c]) => c.windowStart === windowStart && (c.pending !== 0 || c.shared + c.previous >= this.#refreshFrom))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!batch.length) return;
    for (const [, count] of batch) {
      count.sending = count.pending;
      count.pending = 0;
    }
    try {
      const totals = await this.#exchange(
        windowStart,
        batch.map(([key, count]) => ({ key, hits: count.sending })),
      );
      for (const [key, count] of batch) {
        const total = totals.get(key);
        // The window may have turned while the statement ran: then what was sent is the window before.
        if (count.windowStart === windowStart) {
          count.shared = total?.current ?? count.shared + count.sending;
          count.sending = 0;
          count.previous = total?.previous ?? count.previous;
        } else count.previous = total?.current ?? count.previous;
      }
      if (this.#failing) this.#logger.info('rate limit: shared counts reachable again');
      this.#failing = false;
    } catch (err) {
      // Kept for the next sync; until then each server counts alone.
      for (const [, count] of batch) {
        if (count.windowStart !== windowStart) continue;
        count.pending += count.sending;
        count.sending = 0;
      }
      if (!this.#failing) this.#logger.warn('rate limit: shared counts unreachable, counting locally', { cause: String(err) });
      this.#failing = true;
    }
  }

  /**
   * One statement: adds the new hits, reads the totals of clients with none and of the window before, and drops a
   * bounded batch of older windows (SKIP LOCKED: a server never waits on another's cleanup). The rows go as JSON:
   * postgres.js sends arrays only once it has read the server's array types, which a new connection has not.
   */
  async #exchange(
    windowStart: number,
    sent: { key: string; hits: number }[],
  ): Promise<Map<string, { current?: number; previous?: number }>> {
    const rows = await this.#sql<{ key: string; hits: number; current: boolean }[]>`
      WITH sent AS (
        SELECT * FROM jsonb_to_recordset(${this.#sql.json(sent)}::jsonb) AS s(key text, hits int)
      ), added AS (
        INSERT INTO rate_limits (window_start, key, hits)
        SELECT ${windowStart}::bigint, key, hits FROM sent WHERE hits <> 0 ORDER BY key
        ON CONFLICT (window_start, key) DO UPDATE SET hits = rate_limits.hits + excluded.hits
        RETURNING key, hits
      ), dropped AS (
        DELETE FROM rate_limits WHERE (window_start, key) IN (
          SELECT window_start, key FROM rate_limits WHERE window_start < ${windowStart - this.#windowMs}::bigint
          LIMIT 1000 FOR UPDATE SKIP LOCKED
        )
      )
      SELECT key, hits, true AS current FROM added
      UNION ALL
      SELECT r.key, r.hits, r.window_start = ${windowStart}::bigint FROM rate_limits r JOIN sent s ON s.key = r.key
      WHERE (r.window_start = ${windowStart}::bigint AND s.hits = 0) OR r.window_start = ${windowStart - this.#windowMs}::bigint`;
    const totals = new Map<string, { current?: number; previous?: number }>();
    for (const r of rows) totals.set(r.key, { ...totals.get(r.key), [r.current ? 'current' : 'previous']: r.hits });
    return totals;
  }
}
