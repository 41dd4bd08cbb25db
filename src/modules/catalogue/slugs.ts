// Slugs proposed from a title or name: lower-case words joined by hyphens, made unique with -2, -3...
import { and, eq, inArray, like, or } from 'drizzle-orm';
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

/**
 * `proposeSlug` for many new entries of one type at once (an import's batch), in two statements a round: each
 * title's slug, or with -2, -3... the first that no entry holds, no redirect keeps, no other title of the batch was
 * given and nothing in `reserved` (the slugs the batch's rows chose themselves) is. Candidates are probed by
 * equality, which the slug's unique index answers whatever the database's collation.
 */
export async function proposeSlugs(
  db: Pick<Db, 'select'>,
  type: EntryType,
  texts: readonly string[],
  reserved: ReadonlySet<string>,
): Promise<string[]> {
  const bases = texts.map((text) => slugify(text, type.toLowerCase()));
  const table = entryTables[type];
  const taken = new Set(reserved);
  const checked = new Set<string>();
  const out: (string | undefined)[] = texts.map(() => undefined);
  // How far to look past each base this round: enough for every title sharing it, and a few taken by others.
  let reach = 4;
  for (;;) {
    const counts = new Map<string, number>();
    bases.forEach((b, i) => {
      if (out[i] === undefined) counts.set(b, (counts.get(b) ?? 0) + 1);
    });
    if (!counts.size) return out as string[];
    const candidates = [...counts].flatMap(([base, n]) =>
      [base, ...Array.from({ length: n + reach }, (_, k) => `${base}-${k + 2}`)].filter((c) => !checked.has(c)),
    );
    if (candidates.length) {
      for (const r of await db.select({ slug: table.slug }).from(table).where(inArray(table.slug, candidates))) taken.add(r.slug as string);
      for (const r of await db
        .select({ slug: slugRedirects.oldSlug })
        .from(slugRedirects)
        .where(and(eq(slugRedirects.entryType, type), inArray(slugRedirects.oldSlug, candidates))))
        taken.add(r.slug);
      for (const c of candidates) checked.add(c);
    }
    bases.forEach((base, i) => {
      if (out[i] !== undefined) return;
      for (let n = 1; ; n++) {
        const candidate = n === 1 ? base : `${base}-${n}`;
        if (!checked.has(candidate)) return;
        if (!taken.has(candidate)) {
          taken.add(candidate);
          out[i] = candidate;
          return;
        }
      }
    });
    reach *= 4;
  }
}
