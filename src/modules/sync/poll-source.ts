// One poll of one source: read everything first (snapshot, or the change feed and the rows it names), then write it
// in one transaction, so a source that fails or answers garbage halfway leaves nothing half-applied.
import { and, eq, sql } from 'drizzle-orm';
import { entryOrigins, syncSources } from '../../../schema/sync.ts';
import type { Db } from '../../db.ts';
import { memberAsViewer, trusterOf } from '../access/acting-member.ts';
import type { UrlPolicy } from '../webhooks/endpoint-url.ts';
import { applyRows, emptyReport, retireOrigins, type SyncReport } from './apply-source.ts';
import { referencesOf } from './map-row.ts';
import { readChanges, readRows, readSnapshot, SourceError, type SourceRow } from './read-source.ts';

export type SourceRowOf = typeof syncSources.$inferSelect;

export interface PollDeps {
  db: Db;
  policy: UrlPolicy;
  pollMinutes: number;
  clock?: () => Date;
  timeoutMs?: number;
}

export interface SourcePoll {
  sourceId: number;
  name: string;
  status: 'not_modified' | 'applied' | 'failed';
  report?: SyncReport;
  error?: string;
}

/** What a poll read, before anything is written. */
interface Read {
  cursor: string;
  etag: string | null;
  rows: SourceRow[];
  lookups: SourceRow[];
  /** Origin ids to retire: archived or unpublished at the source, or (after a snapshot) no longer in it. */
  leaving: (originId: string) => boolean;
}

/** Everything the poll needs from the source, or null when its feed answered 304. Throws SourceError. */
async function read(d: PollDeps, s: SourceRowOf): Promise<Read | null> {
  const o = { baseUrl: s.baseUrl, policy: d.policy, ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}) };
  let rows: SourceRow[];
  let position: Omit<Read, 'rows' | 'lookups'>;
  if (s.cursor === null) {
    const snapshot = await readSnapshot(o);
    rows = snapshot.rows;
    const present = new Set(rows.map((r) => r.id));
    position = { cursor: snapshot.cursor, etag: null, leaving: (id) => !present.has(id) };
  } else {
    const changes = await readChanges({ ...o, since: s.cursor, etag: s.etag });
    if (changes.kind === 'not_modified') return null;
    // The last change of each entry decides: one archived and then published again is fetched.
    const last = new Map(changes.changes.map((c) => [c.id, c.action]));
    const wanted = [...last].filter(([, a]) => a !== 'archived' && a !== 'unpublished').map(([id]) => id);
    rows = await readRows(o, wanted);
    const returned = new Set(rows.map((r) => r.id));
    // Named by the feed but no longer in the source's public view: gone since, and a later change will say so.
    const leaving = new Set([...last.keys()].filter((id) => !returned.has(id)));
    position = { cursor: changes.next, etag: changes.etag, leaving: (id) => leaving.has(id) };
  }
  const known = new Set(rows.map((r) => r.id));
  const unknown = [...new Set(rows.flatMap(referencesOf))].filter((id) => !known.has(id));
  return { ...position, rows, lookups: unknown.length ? await readRows(o, unknown) : [] };
}

/**
 * Polls the source now. `lease`: the poller's claim, whose outcome is written only while the claim is still its own
 * (the CLI's `sources sync` polls without one).
 */
export async function pollSource(d: PollDeps, sourceId: number, lease: string | null = null): Promise<SourcePoll> {
  const clock = d.clock ?? (() => new Date());
  const [s] = await d.db.select().from(syncSources).where(eq(syncSources.id, sourceId));
  if (!s) return { sourceId, name: '?', status: 'failed', error: 'removed meanwhile' };
  const finish = (tx: Db, set: Partial<typeof syncSources.$inferInsert>) =>
    tx
      .update(syncSources)
      .set({
        ...set,
        leasedUntil: null,
        lastPolledAt: clock().toISOString(),
        nextPollAt: new Date(clock().getTime() + d.pollMinutes * 60_000).toISOString(),
      })
      .where(and(eq(syncSources.id, sourceId), lease ? eq(syncSources.leasedUntil, lease) : undefined));
  const failed = async (error: string): Promise<SourcePoll> => {
    await finish(d.db, { lastError: error });
    return { sourceId, name: s.name, status: 'failed', error };
  };
  const viewer = await memberAsViewer(d.db, s.writtenBy, s.organisationId);
  if (!viewer) return failed('The account this source writes as is no longer a member of its organisation: add the source again.');
  let got: Read | null;
  try {
    got = await read(d, s);
  } catch (err) {
    if (err instanceof SourceError) return failed(err.message);
    throw err;
  }
  if (!got) {
    await finish(d.db, { lastError: null });
    return { sourceId, name: s.name, status: 'not_modified' };
  }
  const report = await d.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    // Removing the source or a change of trust waits for this poll; read here, trust is as it stands now.
    const [still] = await tx.select().from(syncSources).where(eq(syncSources.id, sourceId)).for('update');
    if (!still) return null;
    const c = { db: tx, sourceId, sourceName: s.name, viewer, trustedBy: await trusterOf(tx, still.trustedBy), now: clock() };
    const r = emptyReport();
    await retireOrigins(c, got.leaving, r);
    await applyRows(c, got.rows, got.lookups, r);
    await finish(tx, {
      cursor: got.cursor,
      etag: got.etag,
      lastError: r.problems.length ? r.problems.slice(0, 20).join('\n') : null,
    });
    return r;
  });
  if (!report) return { sourceId, name: s.name, status: 'failed', error: 'removed meanwhile' };
  return { sourceId, name: s.name, status: 'applied', report };
}

/** How many entries each source brought (for `sources list`). */
export async function originCounts(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .select({ sourceId: entryOrigins.sourceId, n: sql<number>`count(*)::int` })
    .from(entryOrigins)
    .groupBy(entryOrigins.sourceId);
  return new Map(rows.filter((r) => r.sourceId !== null).map((r) => [r.sourceId!, Number(r.n)]));
}
