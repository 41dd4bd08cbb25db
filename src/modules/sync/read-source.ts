// Reading another directory: its snapshot, its change feed and the rows of named entries, each fetched through the
// address guard with a deadline and a size cap, and checked line by line before anything is written.
import { z } from 'zod';
import { fetchFeed } from '../calendars/fetch-feed.ts';
import type { UrlPolicy } from '../webhooks/endpoint-url.ts';

/** A whole directory's snapshot: 5,000 entries are about 3.6 MB (docs/following.md). */
export const MAX_SNAPSHOT_BYTES = 50_000_000;
export const SOURCE_TIMEOUT_MS = 30_000;
/** Pages of the change feed one poll reads at most; the rest waits for the next poll, from the cursor reached. */
export const MAX_CHANGE_PAGES = 20;
/** As the snapshot's `id=` filter allows (following/routes.ts). */
export const IDS_PER_REQUEST = 100;

const what = { name: 'source', accept: 'application/json, application/x-ndjson;q=0.9', userAgent: 'EngagementDirectory-sync' };

/** A source that answered, but not as a directory does: the poll fails with this, having written nothing. */
export class SourceError extends Error {
  override name = 'SourceError';
}

const rowSchema = z.object({
  type: z.string().max(40),
  id: z.string().min(1).max(200),
  slug: z.string().max(200),
  // Shown as a link and given as the canonical address: only an absolute http(s) one is taken.
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  updatedAt: z.string().max(40),
  fields: z.record(z.string(), z.unknown()),
});
export type SourceRow = z.infer<typeof rowSchema>;

const headSchema = z.object({ type: z.literal('snapshot'), cursor: z.string().min(1).max(200) });

const changeSchema = z.object({
  type: z.string().max(40),
  id: z.string().min(1).max(200),
  action: z.enum(['created', 'updated', 'renamed', 'published', 'archived', 'unpublished']),
});
const changesSchema = z.object({ changes: z.array(changeSchema), next: z.string().min(1).max(200), has_more: z.boolean() });
export type SourceChange = z.infer<typeof changeSchema>;

export interface ReadOptions {
  baseUrl: string;
  policy: UrlPolicy;
  timeoutMs?: number;
}

async function get(o: ReadOptions, path: string, etag?: string | null) {
  const fetched = await fetchFeed({
    url: `${o.baseUrl}${path}`,
    policy: o.policy,
    etag: etag ?? null,
    timeoutMs: o.timeoutMs ?? SOURCE_TIMEOUT_MS,
    maxBytes: MAX_SNAPSHOT_BYTES,
    what,
  });
  if (fetched.kind === 'failed') throw new SourceError(fetched.error);
  return fetched;
}

/** NDJSON from the snapshot endpoint: its cursor line, then entry rows; any line that is neither fails the whole. */
function parseSnapshot(body: string, path: string): { cursor: string; rows: SourceRow[] } {
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  const parseLine = (line: string, n: number) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new SourceError(`${path}: line ${n} is not JSON, so the source does not serve a directory's snapshot.`);
    }
  };
  const head = headSchema.safeParse(lines.length ? parseLine(lines[0]!, 1) : null);
  if (!head.success) throw new SourceError(`${path}: the first line is not a snapshot's cursor line.`);
  const rows = lines.slice(1).map((line, i) => {
    const row = rowSchema.safeParse(parseLine(line, i + 2));
    if (!row.success) throw new SourceError(`${path}: line ${i + 2} is not an entry row (${row.error.issues[0]?.message}).`);
    return row.data;
  });
  return { cursor: head.data.cursor, rows };
}

/** The whole snapshot, and the cursor it is consistent with. */
export async function readSnapshot(o: ReadOptions): Promise<{ cursor: string; rows: SourceRow[] }> {
  const path = '/export/catalogue.ndjson';
  const fetched = await get(o, path);
  if (fetched.kind !== 'fetched') throw new SourceError(`${path}: the source answered 304 to a request that was not conditional.`);
  return parseSnapshot(fetched.body, path);
}

/** The rows of the named entries (global ids); one left out has left the public view at the source. */
export async function readRows(o: ReadOptions, ids: readonly string[]): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const query = ids
      .slice(i, i + IDS_PER_REQUEST)
      .map((id) => `id=${encodeURIComponent(id)}`)
      .join('&');
    const path = `/export/catalogue.ndjson?${query}`;
    const fetched = await get(o, path);
    if (fetched.kind !== 'fetched') throw new SourceError(`${path}: the source answered 304 to a request that was not conditional.`);
    rows.push(...parseSnapshot(fetched.body, path).rows);
  }
  return rows;
}

export type ChangesRead = { kind: 'not_modified' } | { kind: 'changes'; changes: SourceChange[]; next: string; etag: string | null };

/** The change feed from `since`, page after page while it has more (at most MAX_CHANGE_PAGES). */
export async function readChanges(o: ReadOptions & { since: string; etag: string | null }): Promise<ChangesRead> {
  const changes: SourceChange[] = [];
  let since = o.since;
  let etag: string | null = null;
  for (let page = 0; page < MAX_CHANGE_PAGES; page++) {
    const path = `/changes?since=${encodeURIComponent(since)}&limit=1000`;
    // Only the first page is asked conditionally: a 304 there means nothing happened since the last poll.
    const fetched = await get(o, path, page === 0 ? o.etag : null);
    if (fetched.kind === 'not_modified') {
      if (page === 0) return { kind: 'not_modified' };
      throw new SourceError(`${path}: the source answered 304 to a request that was not conditional.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(fetched.body);
    } catch {
      throw new SourceError(`${path}: the answer is not JSON, so the source does not serve a change feed.`);
    }
    const parsed = changesSchema.safeParse(json);
    if (!parsed.success) throw new SourceError(`${path}: the answer is not a change feed page (${parsed.error.issues[0]?.message}).`);
    changes.push(...parsed.data.changes);
    since = parsed.data.next;
    etag = fetched.etag;
    if (!parsed.data.has_more) return { kind: 'changes', changes, next: since, etag: page === 0 ? etag : null };
  }
  return { kind: 'changes', changes, next: since, etag: null };
}
