// Lookups by slug that follow renames: a slug once used keeps answering with the entry it named.
import type { Db } from '../../db.ts';
import { currentSlugFor } from './slug-redirects.ts';
import type { EntryType } from './changes.ts';

/**
 * Tries `slug`; when nothing has it, looks it up among old slugs and tries the entry's current
 * one. The second statement runs only on a miss, so a live slug costs one statement as before.
 */
export async function findBySlug<T>(
  db: Db,
  type: EntryType,
  slug: string,
  find: (slug: string) => PromiseLike<T | undefined | null>,
): Promise<T | null> {
  const found = await find(slug);
  if (found) return found;
  const current = await currentSlugFor(db, type, slug);
  return current && current !== slug ? ((await find(current)) ?? null) : null;
}
