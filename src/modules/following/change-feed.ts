// The reading side of the change log: a page of public changes after a cursor, and the cursor of the newest.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import { changeLog, leavingActions, type ChangeAction } from '../../../schema/changes.ts';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';
import { type Db, rowsOf } from '../../db.ts';
import { invalidInput } from '../../errors.ts';
import { encodeCursor } from './cursor.ts';

/** GraphQL type names, which global ids carry and followers filter by (`types=Event,CaseStudy`). */
export const typenames: Record<EntryType, string> = {
  organisation: 'Organisation',
  caseStudy: 'CaseStudy',
  method: 'Method',
  event: 'Event',
  eventSeries: 'EventSeries',
  topic: 'Topic',
};

/** Where each type's public page lives; event series have none. */
const pagePaths: Record<EntryType, string | null> = {
  organisation: 'organisations',
  caseStudy: 'case-studies',
  method: 'methods',
  event: 'events',
  eventSeries: null,
  topic: 'topics',
};

export const DEFAULT_CHANGES = 100;
export const MAX_CHANGES = 1000;

export const pageUrl = (base: string, type: EntryType, slug: string): string | null =>
  pagePaths[type] ? `${base}/${pagePaths[type]}/${slug}` : null;

export const globalIdOf = (type: EntryType, id: number): string => encodeGlobalID(typenames[type], id);

/** One change as followers read it (JSON and GraphQL alike). */
export interface PublicChangeView {
  cursor: string;
  type: string;
  id: string;
  slug: string;
  action: ChangeAction;
  at: string;
  url: string | null;
  oldSlug?: string;
  /** For a change after which the entry is no longer public: an ActivityStreams Tombstone. */
  tombstone?: { type: 'Tombstone'; formerType: string; deleted: string };
}

type ChangeRow = typeof changeLog.$inferSelect;

export function viewOf(row: ChangeRow, base: string): PublicChangeView {
  const at = new Date(row.at).toISOString();
  const type = typenames[row.entryType];
  return {
    cursor: encodeCursor(row.cursor),
    type,
    id: globalIdOf(row.entryType, row.entryId),
    slug: row.slug,
    action: row.action,
    at,
    url: pageUrl(base, row.entryType, row.slug),
    ...(row.oldSlug ? { oldSlug: row.oldSlug } : {}),
    ...(leavingActions.includes(row.action) ? { tombstone: { type: 'Tombstone' as const, formerType: type, deleted: at } } : {}),
  };
}

/** Type names from a client (`types`), checked against the vocabulary; the error names the parameter and the choices. */
export function parseTypes(param: string, names: readonly string[]): EntryType[] | null {
  if (!names.length) return null;
  const byName = new Map(entryTypes.map((t) => [typenames[t], t]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length)
    throw invalidInput(
      [param],
      `${unknown.map((n) => JSON.stringify(n)).join(', ')} is not a type; choose from ${[...byName.keys()].join(', ')}`,
    );
  return [...new Set(names.map((n) => byName.get(n)!))];
}

/**
 * Changes after `after`, oldest first, and whether more follow. The log holds public changes only, so
 * every caller, anonymous or not, reads the same. Stored rows never change: a page read again is the same.
 */
export async function listChanges(o: {
  db: Db;
  after: number;
  limit: number;
  types: EntryType[] | null;
}): Promise<{ rows: ChangeRow[]; hasMore: boolean }> {
  const where = and(gt(changeLog.cursor, o.after), o.types ? inArray(changeLog.entryType, o.types) : undefined);
  const rows = await o.db
    .select()
    .from(changeLog)
    .where(where)
    .orderBy(asc(changeLog.cursor))
    .limit(o.limit + 1);
  return { rows: rows.slice(0, o.limit), hasMore: rows.length > o.limit };
}

/** The newest change's position (0 before any): what a snapshot read in the same transaction is consistent with. */
export async function latestPosition(db: Pick<Db, 'execute'>): Promise<number> {
  const [row] = await rowsOf<{ position: string }>(db, sql`SELECT coalesce(max(cursor), 0)::text AS position FROM change_log`);
  return Number(row!.position);
}
