// Proves the test harness itself: a per-file migrated database with the search extensions, on PGlite or PostgreSQL.
import { type SQL, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db.ts';
import { describeDatabase, openTestDatabase } from './support/database.ts';

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  // One line in CI's output that shows which backend and which Node this run really used.
  console.info(`harness: ${describeDatabase()} on node ${process.version}`);
});

afterAll(async () => {
  await handle?.close();
});

async function one<T extends Record<string, unknown>>(query: SQL): Promise<T> {
  const [row] = await handle.db.execute<T>(query, 'objects');
  if (!row) throw new Error('query returned no row');
  return row;
}

describe('test database', () => {
  it('is the backend TEST_DATABASE_URL asks for', () => {
    expect(handle.kind).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('has run the migrations', async () => {
    const row = await one<{ table: string | null }>(sql`SELECT to_regclass('public.organisations')::text AS "table"`);
    expect(row.table).toBe('organisations');
  });

  it('has unaccent behind ed_unaccent', async () => {
    const row = await one<{ plain: string }>(sql`SELECT ed_unaccent('Café') AS plain`);
    expect(row.plain).toBe('Cafe');
  });

  it('has pg_trgm for fuzzy names', async () => {
    const row = await one<{ score: number | string }>(sql`SELECT similarity('Lovelace', 'Lovelance') AS score`);
    expect(Number(row.score)).toBeGreaterThan(0.3);
  });

  it('counts the statements it sends', async () => {
    const before = handle.statements.count;
    await handle.db.execute(sql`SELECT 1`);
    await handle.db.execute(sql`SELECT 2`);
    expect(handle.statements.count - before).toBe(2);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL', () => {
  it('runs on a server of version 15 or later', async () => {
    const row = await one<{ num: string }>(sql`SELECT current_setting('server_version_num') AS num`);
    expect(Number(row.num)).toBeGreaterThanOrEqual(150000);
  });

  it('uses a database of its own, not the one in TEST_DATABASE_URL', async () => {
    const row = await one<{ name: string }>(sql`SELECT current_database() AS name`);
    expect(row.name).toMatch(new RegExp(`^ed_test_${process.pid}_[0-9a-f]{8}$`));
    expect(row.name).not.toBe(new URL(process.env.TEST_DATABASE_URL!).pathname.slice(1));
  });

  it('drops that database on close', async () => {
    const other = await openTestDatabase();
    const [row] = await other.db.execute<{ name: string }>(sql`SELECT current_database() AS name`, 'objects');
    await other.close();

    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const left = await admin`SELECT 1 FROM pg_database WHERE datname = ${row!.name}`;
      expect(left).toHaveLength(0);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
});
