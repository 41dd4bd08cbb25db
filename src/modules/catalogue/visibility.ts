// The one visibility rule: anonymous callers see published entries only.
import { sql, type SQL } from 'drizzle-orm';
import { PUBLISHED } from '../../../schema/columns.ts';
import type { Viewer } from '../access/viewer.ts';

type Reader = { viewer: Viewer | null };

export { PUBLISHED };

/** Whether this caller may see entries that are not published (drafts, submissions, archives). */
export function canReadUnpublished(ctx: Reader): boolean {
  return ctx.viewer?.scopes.has('read_drafts') ?? false;
}

/** RQB filter to merge into every query for an entry table. */
export function visibleWhere(ctx: Reader): { publicationState?: typeof PUBLISHED } {
  return canReadUnpublished(ctx) ? {} : { publicationState: PUBLISHED };
}

/** For rows already loaded: is it published? */
export function isPublished(row: object | null | undefined): boolean {
  return !!row && 'publicationState' in row && row.publicationState === PUBLISHED;
}

/** For rows already loaded (node lookups, which hand them over untyped): may this caller see it? */
export function isVisible(row: unknown, ctx: Reader): boolean {
  if (!row) return false;
  return (typeof row === 'object' && isPublished(row)) || canReadUnpublished(ctx);
}

// A literal in the statement text, not a bound parameter: partial plans and the (state, ...) indexes are
// chosen on it, and the compiled path's statement text (its prepared-statement key) stays as it was.
const publishedLiteral = sql.raw(`'${PUBLISHED}'`);

/**
 * SQL: the entry is published. `on` is a table (or the alias drizzle hands a RAW filter), a table alias
 * written in raw SQL ('o' for `o.publication_state`), or nothing for the nearest FROM's own column.
 */
export function publishedSql(on?: { publicationState: unknown } | string): SQL {
  if (on === undefined) return sql`publication_state = ${publishedLiteral}`;
  if (typeof on === 'string') return sql`${sql.raw(on)}.publication_state = ${publishedLiteral}`;
  return sql`${on.publicationState} = ${publishedLiteral}`;
}

/** publishedSql for anonymous callers, `true` for readers of drafts: for filters built from a `published` flag. */
export function visibleSql(published: boolean, on?: { publicationState: unknown } | string): SQL {
  return published ? publishedSql(on) : sql`true`;
}
