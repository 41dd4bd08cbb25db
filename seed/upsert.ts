// Building blocks for loading entries by slug: upsert, replace join rows, resolve slugs, order trees.
import { eq, getTableColumns, sql, type InferInsertModel, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../src/db.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

type SluggedTable = PgTable & { id: PgColumn; slug: PgColumn };

export interface UpsertResult {
  id: number;
  inserted: boolean;
}

/**
 * Insert, or overwrite the row with the same slug. `updated_at` moves only when a value really
 * changed, so loading the same catalogue twice leaves byte-identical rows.
 */
export async function upsertBySlug<T extends SluggedTable>(
  tx: Tx,
  table: T,
  values: InferInsertModel<T> & { slug: string },
): Promise<UpsertResult> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(values).filter((key) => key !== 'slug');
  const own = (key: string) => sql`${columnOf(columns, key)}`;
  const incoming = (key: string) => sql.raw(`excluded."${columnOf(columns, key).name}"`);
  const set: Record<string, SQL> = Object.fromEntries(keys.map((key) => [key, incoming(key)]));
  if (columns.updatedAt) {
    const changed = sql`(${sql.join(keys.map(own), sql`, `)}) IS DISTINCT FROM (${sql.join(keys.map(incoming), sql`, `)})`;
    set.updatedAt = sql`CASE WHEN ${changed} THEN now() ELSE ${columns.updatedAt} END`;
  }
  // Drizzle's builders cannot follow a generic table's column types; the values are typed above.
  const rows = await (tx.insert(table) as any)
    .values(values)
    .onConflictDoUpdate({ target: table.slug, set })
    // xmax is zero only on a freshly inserted tuple: the standard way to tell insert from update.
    .returning({ id: table.id, inserted: sql<boolean>`(xmax = 0)` });
  const row = (rows as UpsertResult[])[0];
  if (!row) throw new Error(`Upsert of "${values.slug}" returned no row`);
  return row;
}

function columnOf(columns: Record<string, PgColumn>, key: string): PgColumn {
  const column = columns[key];
  if (!column) throw new Error(`No column "${key}" to upsert`);
  return column;
}

/**
 * Swap an owner's join rows for exactly `rows`, so removals in the catalogue reach the database.
 * Returns whether the set differs from before, since a changed link is a change to the entry.
 */
export async function replaceJoinRows<T extends PgTable>(
  tx: Tx,
  table: T,
  ownerColumn: PgColumn,
  ownerId: number,
  rows: InferInsertModel<T>[],
): Promise<boolean> {
  const previous: object[] = await (tx.delete(table).where(eq(ownerColumn, ownerId)) as any).returning();
  if (rows.length > 0) await (tx.insert(table) as any).values(rows);
  return !sameRows(previous, rows);
}

function sameRows(a: object[], b: object[]): boolean {
  const canonical = (rows: object[]) =>
    rows
      .map((row) => JSON.stringify(row, Object.keys(row).sort()))
      .sort()
      .join('\n');
  return a.length === b.length && canonical(a) === canonical(b);
}

/** Mark an entry changed when only its join rows moved, which the upsert alone cannot see. */
export async function touch<T extends SluggedTable & { updatedAt: PgColumn }>(tx: Tx, table: T, id: number): Promise<void> {
  await (tx.update(table) as any).set({ updatedAt: sql`now()` }).where(eq(table.id, id));
}

/** Slug-to-id map for one kind of entry; a miss is a catalogue mistake, reported by name. */
export class SlugIds {
  readonly #ids = new Map<string, number>();
  constructor(readonly kind: string) {}

  set(slug: string, id: number): void {
    if (this.#ids.has(slug)) throw new Error(`Seed catalogue: ${this.kind} "${slug}" is listed twice`);
    this.#ids.set(slug, id);
  }

  get(slug: string, referredFrom: string): number {
    const id = this.#ids.get(slug);
    if (id === undefined) {
      throw new Error(`Seed catalogue: ${referredFrom} names ${this.kind} "${slug}", which is not in the catalogue`);
    }
    return id;
  }

  maybe(slug: string | null, referredFrom: string): number | null {
    return slug === null ? null : this.get(slug, referredFrom);
  }
}

/** Order a tree's entries so each parent is written before the entries that point at it. */
export function parentsFirst<E extends { slug: string }>(entries: E[], parentOf: (entry: E) => string | null, kind: string): E[] {
  const bySlug = new Map(entries.map((entry) => [entry.slug, entry]));
  const ordered: E[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (entry: E) => {
    if (state.get(entry.slug) === 'done') return;
    if (state.get(entry.slug) === 'visiting') throw new Error(`Seed catalogue: ${kind} "${entry.slug}" is its own ancestor`);
    state.set(entry.slug, 'visiting');
    const parentSlug = parentOf(entry);
    if (parentSlug !== null) {
      const parent = bySlug.get(parentSlug);
      if (!parent) throw new Error(`Seed catalogue: ${kind} "${entry.slug}" names ${kind} "${parentSlug}", which is not in the catalogue`);
      visit(parent);
    }
    state.set(entry.slug, 'done');
    ordered.push(entry);
  };
  entries.forEach(visit);
  return ordered;
}
