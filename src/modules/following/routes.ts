// The follower's sub-app: GET /changes (the public change feed) and GET /export/catalogue.ndjson (the snapshot it starts from).
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { invalidInput } from '../../errors.ts';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';
import { decodeId } from '../access/global-ids.ts';
import { DEFAULT_CHANGES, listChanges, MAX_CHANGES, parseTypes, typenames, viewOf } from './change-feed.ts';
import { decodeCursor, encodeCursor, START } from './cursor.ts';
import { openSnapshot } from './snapshot.ts';
import { AppError } from '../../errors.ts';

/** Seconds between polls we ask followers for: changes are editorial, minutes apart at the busiest. */
export const POLL_INTERVAL_SECONDS = 60;
/** Entries one `?id=` request may name: a follower asks for what a page of the change feed named, in pieces. */
export const MAX_SNAPSHOT_IDS = 100;
/** Snapshots read at once on PostgreSQL (one on the embedded database). */
export const SNAPSHOTS_AT_ONCE = 2;

export interface FollowingDeps {
  /** The database anonymous reads use (a replica, when there are any), drawn per request. */
  readDb: () => Db;
  /** The embedded database has one connection: the snapshot then reads eagerly (see openSnapshot). */
  singleConnection: boolean;
  config: Pick<Config, 'PUBLIC_URL'>;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CHANGES;
  const n = /^[0-9]{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_CHANGES)) throw invalidInput(['limit'], `must be a whole number from 1 to ${MAX_CHANGES}`);
  return n;
}

/** `types=Event,CaseStudy` or `types=Event&types=CaseStudy`. */
const listParam = (values: string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** `id=<global id>` (repeated or comma-separated): the snapshot's rows for just those entries, by type. */
function parseOnly(values: string[]): Map<EntryType, number[]> | undefined {
  if (!values.length) return undefined;
  if (values.length > MAX_SNAPSHOT_IDS) throw invalidInput(['id'], `at most ${MAX_SNAPSHOT_IDS} ids a request`);
  const byName = new Map(entryTypes.map((t) => [typenames[t], t]));
  const only = new Map<EntryType, number[]>();
  for (const value of values) {
    const decoded = decodeId(value);
    const type = decoded && byName.get(decoded.typename);
    if (!type) throw invalidInput(['id'], `${JSON.stringify(value.slice(0, 100))} is not an entry's global id`);
    only.set(type, [...(only.get(type) ?? []), decoded.id]);
  }
  return only;
}

export function createFollowingRoutes({ readDb, singleConnection, config }: FollowingDeps) {
  const app = new Hono();
  const base = config.PUBLIC_URL;

  // A repeated poll with nothing new gets the same body, so its ETag answers 304.
  app.get('/changes', etag(), async (c) => {
    const since = c.req.query('since');
    const after = since === undefined ? START : decodeCursor('since', since);
    const limit = parseLimit(c.req.query('limit'));
    const types = parseTypes('types', listParam(c.req.queries('types')));
    const { rows, hasMore } = await listChanges({ db: readDb(), after, limit, types });
    const changes = rows.map((row) => viewOf(row, base));
    // With nothing new, `next` is where the caller already stands, so the next poll asks the same question.
    const next = changes.at(-1)?.cursor ?? encodeCursor(after);
    c.header('X-Poll-Interval', String(POLL_INTERVAL_SECONDS));
    c.header('Cache-Control', `public, max-age=${POLL_INTERVAL_SECONDS / 2}`);
    return c.json({ changes, next, has_more: hasMore });
  });

  // Each snapshot holds a transaction (and on PostgreSQL a pooled connection) while it is read: a few at a time,
  // so no number of downloads can starve the requests everyone else makes.
  const most = singleConnection ? 1 : SNAPSHOTS_AT_ONCE;
  let reading = 0;
  app.get('/export/catalogue.ndjson', async (c) => {
    if (reading >= most)
      throw new AppError(
        'UNAVAILABLE',
        `${reading} snapshots are being read already; retry in a moment (the file is also cacheable for 60 s).`,
      );
    const only = parseOnly(listParam(c.req.queries('id')));
    reading++;
    let snapshot: Awaited<ReturnType<typeof openSnapshot>>;
    try {
      snapshot = await openSnapshot({ db: readDb(), base, eager: singleConnection, ...(only ? { only } : {}) });
    } catch (err) {
      reading--;
      throw err;
    }
    void snapshot.done.finally(() => reading--);
    return c.body(snapshot.body, 200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'X-Change-Cursor': snapshot.cursor,
      // A cached copy carries its own cursor, so it is still a consistent place to start polling from.
      'Cache-Control': 'public, max-age=60',
    });
  });
  return app;
}
