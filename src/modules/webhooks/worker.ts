// The delivery worker: claims due outbox rows under a lease, sends them, records the outcome. Safe to run in many processes.
import { sql } from 'drizzle-orm';
import type { EntryType } from '../../../schema/editorial.ts';
import { listen, type Db, type DbHandle } from '../../db.ts';
import type { Logger } from '../../log.ts';
import { ENTRY_CHANGED_CHANNEL } from '../catalogue/changes.ts';
import type { UrlPolicy } from './endpoint-url.ts';
import { payloadOf, signedHeaders, type OutboxMessage } from './message.ts';
import { nextDelayMs } from './schedule.ts';
import { SEND_TIMEOUT_MS, sendAttempt, type AttemptOutcome } from './send.ts';

export interface WebhookWorkerOptions {
  handle: DbHandle;
  logger: Logger;
  policy: UrlPolicy;
  /** PUBLIC_URL: the base of the payloads' links. */
  publicUrl: string;
  /** Rows claimed per round; each round's sends run at once. */
  batchSize?: number;
  /** How often due retries are looked for when nothing wakes the worker (default 5 s). */
  pollMs?: number;
  /** Decides which rows are due; tests move it forward instead of waiting hours. Signatures use the real time. */
  clock?: () => Date;
  timeoutMs?: number;
}

export interface WebhookWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Claims and sends one round; resolves to how many it sent. */
  runOnce(): Promise<number>;
  /** Rounds until nothing is due (tests; the running worker does this on every wake). */
  drain(): Promise<number>;
}

/** An attempt is in progress until its lease ends: long enough for the timeout, after which a crashed worker's claim is retried. */
const leaseMs = (timeoutMs: number) => timeoutMs + 45_000;

type Claimed = OutboxMessage & {
  id: number;
  endpointId: number;
  attempt: number;
  url: string;
  secrets: string[];
};

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : ((r as { rows?: T[] }).rows ?? [])) as T[];

/**
 * One statement claims the rows: SKIP LOCKED lets concurrent workers each take different rows without waiting,
 * and the lease (`leased_until`) keeps them from everyone else after the claim commits. The attempt count goes up
 * at the claim, so an attempt cut short by a crash still counts toward the schedule.
 */
async function claim(db: Db, now: Date, limit: number, timeoutMs: number): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs(timeoutMs)).toISOString();
  const result = await db.execute(sql`
    WITH claimed AS (
      UPDATE webhook_deliveries d SET attempts = d.attempts + 1, leased_until = ${leaseUntil}::timestamptz
      WHERE d.id IN (
        SELECT x.id FROM webhook_deliveries x JOIN webhook_endpoints e ON e.id = x.endpoint_id
        WHERE x.status = 'pending' AND e.disabled_at IS NULL
          AND x.next_attempt_at <= ${now.toISOString()}::timestamptz
          AND (x.leased_until IS NULL OR x.leased_until <= ${now.toISOString()}::timestamptz)
        ORDER BY x.next_attempt_at, x.id
        LIMIT ${limit}
        FOR UPDATE OF x SKIP LOCKED)
      RETURNING d.*)
    SELECT c.id, c.endpoint_id, c.message_id, c.event_type, c.entry_type, c.entry_id, c.slug, c.cursor,
           c.occurred_at, c.attempts, e.url,
           array_remove(ARRAY[e.secret, CASE WHEN e.previous_secret_until > ${now.toISOString()}::timestamptz
                                             THEN e.previous_secret END], NULL) AS secrets
    FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    id: Number(r.id),
    endpointId: Number(r.endpoint_id),
    messageId: String(r.message_id),
    eventType: String(r.event_type),
    entryType: r.entry_type as EntryType,
    entryId: Number(r.entry_id),
    slug: String(r.slug),
    cursor: r.cursor === null ? null : Number(r.cursor),
    occurredAt: String(r.occurred_at),
    attempt: Number(r.attempts),
    url: String(r.url),
    secrets: r.secrets as string[],
  }));
}

/**
 * The outcome, written only while the claim is still this worker's (the same attempt number): a worker that
 * outlived its lease must not overwrite the attempt that followed it.
 */
async function record(db: Db, c: Claimed, o: AttemptOutcome, now: Date): Promise<void> {
  const ok = o.status !== null && o.status >= 200 && o.status < 300;
  const gone = o.status === 410;
  const delay = ok || gone ? null : nextDelayMs(c.attempt, o.retryAfterSeconds);
  const status = ok ? 'delivered' : delay === null ? 'failed' : 'pending';
  const next = delay === null ? null : new Date(now.getTime() + delay).toISOString();
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      UPDATE webhook_deliveries SET status = ${status}, leased_until = NULL, last_status = ${o.status}, last_error = ${o.error},
        next_attempt_at = COALESCE(${next}::timestamptz, next_attempt_at),
        delivered_at = CASE WHEN ${ok} THEN now() ELSE delivered_at END
      WHERE id = ${c.id} AND attempts = ${c.attempt}`);
    // Only while the delivery exists: its endpoint may have been deleted (and the delivery with it) during the attempt.
    await tx.execute(sql`
      INSERT INTO webhook_attempts (delivery_id, attempt, status, error, duration_ms, details)
      SELECT id, ${c.attempt}, ${o.status}, ${o.error}, ${o.durationMs},
             ${JSON.stringify(o.retryAfterSeconds === null ? {} : { retryAfterSeconds: o.retryAfterSeconds })}::text::jsonb
      FROM webhook_deliveries WHERE id = ${c.id}`);
    // The spec's signal that the receiver is gone for good: stop sending there until someone registers it again.
    if (gone)
      await tx.execute(sql`
        UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = 'The receiver answered 410 Gone.'
        WHERE id = ${c.endpointId} AND disabled_at IS NULL`);
  });
}

export function createWebhookWorker(o: WebhookWorkerOptions): WebhookWorker {
  const { handle, logger } = o;
  const batchSize = o.batchSize ?? 20;
  const timeoutMs = o.timeoutMs ?? SEND_TIMEOUT_MS;
  const clock = o.clock ?? (() => new Date());
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let again = false;
  let busy = false;

  async function deliver(c: Claimed): Promise<void> {
    const body = payloadOf(c, o.publicUrl);
    const outcome = await sendAttempt(
      { url: c.url, body, headers: signedHeaders(c.messageId, body, c.secrets), policy: o.policy },
      timeoutMs,
    );
    await record(handle.db, c, outcome, clock());
    logger.info('webhook attempt', {
      delivery: c.id,
      messageId: c.messageId,
      attempt: c.attempt,
      status: outcome.status,
      error: outcome.error,
    });
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim(handle.db, clock(), batchSize, timeoutMs);
    // One attempt failing to record (the database went away) must not hide the others' outcomes.
    const outcomes = await Promise.allSettled(claimed.map((c) => deliver(c)));
    for (const o of outcomes) if (o.status === 'rejected') logger.error('webhook attempt not recorded', { error: String(o.reason) });
    return claimed.length;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (let n = await runOnce(); n > 0; n = await runOnce()) total += n;
    return total;
  }

  /** Wakes are coalesced: a wake during a round asks for one more round after it. */
  function wake() {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = (async () => {
      do {
        again = false;
        try {
          // Round after round while rows are due, but none after stop(): it waits only for the round in flight.
          while (!stopped && (await runOnce()) > 0);
        } catch (err) {
          logger.error('webhook worker round failed', { error: String(err) });
        }
      } while (again && !stopped);
      busy = false;
    })();
  }

  return {
    runOnce,
    drain,
    async start() {
      if (!stopped) return;
      stopped = false;
      // Every entry write notifies on commit, and a delivery is only ever queued by one: wake on each.
      unlisten = await listen(handle, ENTRY_CHANGED_CHANNEL, wake, wake);
      timer = setInterval(wake, o.pollMs ?? 5_000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten?.();
      await running;
    },
  };
}
