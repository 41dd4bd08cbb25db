// Slugs proposed from a title or name: lower-case words joined by hyphens, made unique with -2, -3...
import { and, eq, like, or } from 'drizzle-orm';
import { slugRedirects } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { EntryType } from './changes.ts';
import { entryTables } from './entry-tables.ts';

/** Room left for a "-999" suffix under the 100-character limit of a slug. */
const MAX_BASE = 90;

/** "Ada Lovelace Institute" -> "ada-lovelace-institute"; accents folded; `fallback` when nothing is left. */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_BASE)
    .replace(/-+$/, '');
  return slug || fallback;
}

/**
 * The slug for a new entry of `type` titled `text`: its slugified form, or with -2, -3... the first one no
 * entry of that type holds, nor keeps as an old slug that still redirects (taking one would hijack a link).
 */
export async function proposeSlug(db: Pick<Db, 'select'>, type: EntryType, text: string): Promise<string> {
  const base = slugify(text, type.toLowerCase());
  const table = entryTables[type];
  const pattern = `${base.replace(/[\\%_]/g, '\\$&')}-%`;
  const taken = new Set<string>();
  for (const r of await db
    .select({ slug: table.slug })
    .from(table)
    .where(or(eq(table.slug, base), like(table.slug, pattern))))
    taken.add(r.slug as string);
  for (const r of await db
    .select({ slug: slugRedirects.oldSlug })
    .from(slugRedirects)
    .where(and(eq(slugRedirects.entryType, type), or(eq(slugRedirects.oldSlug, base), like(slugRedirects.oldSlug, pattern)))))
    taken.add(r.slug);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
