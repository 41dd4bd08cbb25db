// The initial database built at install is the migrated database itself; a first start without it migrates, saying how far it is.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInitialDatabase } from '../scripts/initial-database.ts';
import { createDb, type DbHandle, migrationsFolder } from '../src/db.ts';
import { initialDatabaseDigest, initialDatabasePath, migrationCount } from '../src/initial-database.ts';

// Always PGlite, whatever TEST_DATABASE_URL says: the prebuilt database is the embedded one's.
const folder = mkdtempSync(join(tmpdir(), 'ed-initial-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * Everything the migrations make, as text: columns, indexes, constraints, triggers, functions, types, views,
 * sequences, extensions, settings and the database's own encoding and collation. Two databases with the same
 * fingerprint and the same rows answer every query alike.
 */
const fingerprintSql = `
  SELECT 'database' AS kind, current_database() AS name, concat_ws(' ', pg_encoding_to_char(encoding), datcollate, datctype) AS def
    FROM pg_database WHERE datname = current_database()
  UNION ALL SELECT 'column', table_schema || '.' || table_name || '.' || column_name,
    concat_ws(' ', ordinal_position, data_type, udt_name, is_nullable, column_default, character_maximum_length, is_generated, generation_expression)
    FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT 'index', schemaname || '.' || indexname, indexdef FROM pg_indexes WHERE schemaname <> 'pg_catalog'
  UNION ALL SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL SELECT 'trigger', tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT 'function', p.oid::regprocedure::text, pg_get_functiondef(p.oid)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prokind IN ('f', 'p')
  UNION ALL SELECT 'type', n.nspname || '.' || t.typname,
    coalesce((SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), t.typtype::text)
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND t.typtype IN ('e', 'd', 'c')
  UNION ALL SELECT 'view', schemaname || '.' || viewname, definition FROM pg_views WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT 'sequence', schemaname || '.' || sequencename, concat_ws(' ', data_type, start_value, increment_by, last_value) FROM pg_sequences
  UNION ALL SELECT 'extension', extname, extversion FROM pg_extension
  UNION ALL SELECT 'setting', 'database', (SELECT string_agg(s, ',' ORDER BY s) FROM pg_db_role_setting, unnest(setconfig) s)
  ORDER BY 1, 2`;

async function fingerprint(pg: PGlite) {
  const schema = (await pg.query<{ kind: string; name: string; def: string | null }>(fingerprintSql)).rows;
  const tables = (
    await pg.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
       WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> '__drizzle_migrations' ORDER BY 1`,
    )
  ).rows;
  // Every row of every table, as text (what the migrations themselves insert).
  const rows: Record<string, string> = {};
  for (const { name } of tables)
    rows[name] = (
      await pg.query<{ rows: string }>(`SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') AS rows FROM ${name} t`)
    ).rows[0]!.rows;
  // When each migration was applied differs; which ones, with their hashes, may not.
  const migrations = (await pg.query('SELECT hash, created_at, name FROM drizzle.__drizzle_migrations ORDER BY id')).rows;
  return { schema, rows, migrations };
}

describe('the initial database built at install', () => {
  const built = join(folder, 'initial.tar.gz');
  const steps: { loaded: string[]; migrated: string[] } = { loaded: [], migrated: [] };
  let loaded: DbHandle;
  let migrated: DbHandle;

  beforeAll(async () => {
    await buildInitialDatabase(built);
    loaded = await createDb({ DATA_DIR: join(folder, 'loaded'), initialDatabase: built, onProgress: (m) => steps.loaded.push(m) });
    migrated = await createDb({ DATA_DIR: join(folder, 'migrated'), initialDatabase: false, onProgress: (m) => steps.migrated.push(m) });
  }, 180_000);
  afterAll(async () => {
    await loaded?.close();
    await migrated?.close();
  });

  it('is the database the migrations make on a first start without it: same schema, same rows, same migrations recorded', async () => {
    const [a, b] = await Promise.all([fingerprint(loaded.pglite!), fingerprint(migrated.pglite!)]);
    // Not an empty comparison: the tables, their indexes and every migration are there.
    expect(a.schema.filter((r) => r.kind === 'index').length).toBeGreaterThan(20);
    expect(a.schema.some((r) => r.kind === 'extension' && r.name === 'pg_trgm')).toBe(true);
    expect(a.migrations).toHaveLength(migrationCount());
    expect(a).toEqual(b);
  });

  it('a first start from it runs no migration; without it, one line per migration says how far it is', () => {
    expect(steps.loaded).toEqual([
      `Preparing the database (first start): loading the schema built at install (${migrationCount()} migrations)…`,
    ]);
    const n = migrationCount();
    expect(steps.migrated).toEqual([
      'Preparing the database (first start): creating the database files (the longest step; seconds, more on a busy machine)…',
      `Preparing the database (first start): migrations 0/${n}…`,
      ...Array.from({ length: n }, (_, i) => `Preparing the database (first start): migrations ${i + 1}/${n}${i + 1 < n ? '…' : ''}`),
    ]);
  });

  it('is found by a digest of every migration file, so a copy made from other migrations is never loaded', () => {
    const copy = join(folder, 'migrations');
    cpSync(migrationsFolder, copy, { recursive: true });
    const digest = initialDatabaseDigest(copy);
    expect(digest).toBe(initialDatabaseDigest());
    expect(initialDatabasePath()).toContain(digest.slice(0, 16));
    const [last] = readdirSync(copy).sort().reverse();
    appendFileSync(join(copy, last!, 'migration.sql'), '\n-- edited\n');
    const edited = initialDatabaseDigest(copy);
    expect(edited).not.toBe(digest);
    mkdirSync(join(copy, '29991231000000_later'));
    writeFileSync(join(copy, '29991231000000_later', 'migration.sql'), 'SELECT 1;');
    expect(initialDatabaseDigest(copy)).not.toBe(edited);
    expect(initialDatabasePath(initialDatabaseDigest(copy))).not.toBe(initialDatabasePath());
  });
});
