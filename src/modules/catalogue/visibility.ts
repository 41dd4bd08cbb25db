// The one visibility rule: anonymous callers see published entries only.
import type { Viewer } from '../access/viewer.ts';

type Reader = { viewer: Viewer | null };

/** Whether this caller may see entries that are not published (drafts, submissions, archives). */
export function canReadUnpublished(ctx: Reader): boolean {
  return ctx.viewer?.scopes.has('read_drafts') ?? false;
}

/** RQB filter to merge into every query for an entry table. */
export function visibleWhere(ctx: Reader): { publicationState?: 'published' } {
  return canReadUnpublished(ctx) ? {} : { publicationState: 'published' };
}

/** For rows already loaded (node lookups): may this caller see it? */
export function isVisible(row: { publicationState?: string } | null | undefined, ctx: Reader): boolean {
  if (!row) return false;
  return row.publicationState === 'published' || canReadUnpublished(ctx);
}
