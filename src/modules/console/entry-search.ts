// Finding entries to link to by name (published ones: a link target is public), and naming the ones already linked.
import { and, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { eventSeries } from '../../../schema/events.ts';
import { methods } from '../../../schema/methods.ts';
import { organisations } from '../../../schema/organisations.ts';
import { places } from '../../../schema/places.ts';
import { topics } from '../../../schema/topics.ts';
import { PUBLISHED } from '../../../schema/columns.ts';
import type { Db } from '../../db.ts';
import type { LinkTarget } from '../editorial/entry-fields.ts';

export type { LinkTarget };

const targets = {
  topic: { table: topics, name: topics.label, published: true },
  organisation: { table: organisations, name: organisations.name, published: true },
  method: { table: methods, name: methods.name, published: true },
  eventSeries: { table: eventSeries, name: eventSeries.name, published: true },
  place: { table: places, name: places.name, published: false },
} as const;

export interface Target {
  id: number;
  slug: string;
  name: string;
}

/** Up to ten published entries whose name or slug contains the words typed. */
export async function searchTargets(db: Db, target: LinkTarget, q: string): Promise<Target[]> {
  const t = targets[target];
  const table = t.table as any;
  const words = q.trim().slice(0, 100);
  if (!words) return [];
  const pattern = `%${words.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const match = or(ilike(t.name, pattern), ilike(table.slug, pattern));
  const where = t.published ? and(match, eq(table.publicationState, PUBLISHED)) : match;
  return db
    .select({ id: table.id, slug: table.slug, name: sql<string>`${t.name}` })
    .from(table)
    .where(where)
    .orderBy(t.name)
    .limit(10);
}

/** Slug and name of entries by id or by slug (whatever their state: they are already linked). */
export async function namedTargets(db: Db, target: LinkTarget, by: { ids?: number[]; slugs?: string[] }): Promise<Target[]> {
  const t = targets[target];
  const table = t.table as any;
  if (!by.ids?.length && !by.slugs?.length) return [];
  return db
    .select({ id: table.id, slug: table.slug, name: sql<string>`${t.name}` })
    .from(table)
    .where(by.ids?.length ? inArray(table.id, by.ids) : inArray(table.slug, by.slugs!));
}
