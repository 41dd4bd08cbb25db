// Old slugs keep answering: the helper root resolvers call when a slug names no entry.
import { and, eq } from 'drizzle-orm';
import { slugRedirects } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { EntryType } from './changes.ts';
import { entryTables } from './entry-tables.ts';

/**
 * The current slug of the entry that once had `slug`, or null. A live entry with the slug always
 * wins, so callers try the slug first and follow this only when nothing matched.
 */
export async function currentSlugFor(db: Pick<Db, 'select'>, type: EntryType, slug: string): Promise<string | null> {
  const table = entryTables[type];
  const [row] = await db
    .select({ slug: table.slug })
    .from(slugRedirects)
    .innerJoin(table, eq(table.id, slugRedirects.entryId))
    .where(and(eq(slugRedirects.entryType, type), eq(slugRedirects.oldSlug, slug)))
    .limit(1);
  return (row?.slug as string | undefined) ?? null;
}
