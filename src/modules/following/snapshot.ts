// The catalogue snapshot: every published entry as NDJSON, read in one repeatable-read transaction with the change cursor it matches.
import { sql } from 'drizzle-orm';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { encodeCursor } from './cursor.ts';
import { latestPosition } from './change-feed.ts';
import { snapshotBatch } from './snapshot-rows.ts';

/** Rows per statement: few statements for the catalogue, little memory per batch. */
export const SNAPSHOT_BATCH = 500;

export interface Snapshot {
  cursor: string;
  body: ReadableStream<Uint8Array>;
  /** Settles when the transaction has ended (read to the end, cancelled or failed). */
  done: Promise<void>;
}

/**
 * Opens the snapshot: resolves once the transaction has taken its snapshot and read the cursor (so the caller
 * can send it as a header), then streams the entries a batch at a time from that same transaction. Every
 * change up to the cursor is in the entries and none after it, as both are read under one snapshot; a follower
 * then polls `/changes?since=<cursor>`.
 *
 * `eager` (the embedded database, which has one connection for every request): read every batch as fast as
 * the database gives it and queue the lines for the client, so the transaction, and with it the database, is
 * held only for the reading (measured in docs/following.md), never for a slow client's download; the price is
 * memory for the lines a slow client has not taken yet. Otherwise (PostgreSQL) the next batch is read only when
 * the client has taken the last, so memory stays at one batch and the transaction holds only a pooled connection.
 */
export function openSnapshot(o: {
  db: Db;
  base: string;
  eager: boolean;
  /** Only these entries (local ids by type): a follower fetching what the change feed named. */
  only?: ReadonlyMap<EntryType, readonly number[]>;
}): Promise<Snapshot> {
  const encoder = new TextEncoder();
  let wanted: (() => void) | null = null;
  let cancelled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      pull: () => {
        wanted?.();
        wanted = null;
      },
      cancel: () => {
        cancelled = true;
        wanted?.();
      },
    },
    { highWaterMark: 1 },
  );
  const send = async (lines: unknown[]) => {
    controller.enqueue(encoder.encode(lines.map((l) => `${JSON.stringify(l)}\n`).join('')));
    if (!o.eager && (controller.desiredSize ?? 0) <= 0 && !cancelled) await new Promise<void>((resolve) => (wanted = resolve));
  };

  return new Promise<Snapshot>((resolveOpened, rejectOpened) => {
    let opened = false;
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    o.db
      .transaction(
        async (tx) => {
          // A client that stops reading must not hold a pooled connection idle in this transaction for ever.
          if (!o.eager) await tx.execute(sql`SET LOCAL idle_in_transaction_session_timeout = '30s'`);
          const cursor = encodeCursor(await latestPosition(tx));
          opened = true;
          resolveOpened({ cursor, body, done });
          await send([{ type: 'snapshot', cursor, at: new Date().toISOString() }]);
          for (const type of entryTypes) {
            const ids = o.only?.get(type);
            if (o.only && !ids) continue;
            let afterId = 0;
            while (!cancelled) {
              const batch = await snapshotBatch(tx as unknown as Db, {
                type,
                afterId,
                size: SNAPSHOT_BATCH,
                base: o.base,
                ...(ids ? { ids } : {}),
              });
              if (batch.lastId === null) break;
              await send(batch.entries);
              afterId = batch.lastId;
            }
          }
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      )
      .then(
        () => !cancelled && controller.close(),
        (err) => (opened ? controller.error(err) : rejectOpened(err)),
      )
      .finally(() => ended());
  });
}
