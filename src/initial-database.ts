// The prebuilt initial database: an embedded database just created and migrated, made at install, which a first start loads.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Why it exists: PGlite creates a new database by running initdb in WebAssembly, 3.5 to 7 s on this machine (and
 * far longer on a loaded one), before the migrations. A copy of the result, made by `npm install` (postinstall,
 * scripts/build.mjs) from this checkout's migrations, loads in under 2 s. Bump when what goes into it changes
 * other than the migrations and PGlite (the extensions it is built with: see scripts/initial-database.ts).
 */
const FORMAT = 1;

const migrationsFolder = fileURLToPath(new URL('../schema/migrations', import.meta.url));
const distFolder = fileURLToPath(new URL('../dist', import.meta.url));

/** PGlite's version: another PostgreSQL inside could not read the copy. */
function pgliteVersion(): string {
  // Its package.json is not exported: found beside the entry point it resolves to (dist/index.js).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
  }
  return 'unknown';
}

/**
 * What the copy was made from: every file of every migration (name and bytes), PGlite's version and FORMAT. A
 * migration added, removed or edited since gives another digest, so a stale copy is never loaded.
 */
export function initialDatabaseDigest(migrations = migrationsFolder): string {
  const hash = createHash('sha256').update(`format ${FORMAT}\npglite ${pgliteVersion()}\n`);
  for (const folder of readdirSync(migrations).sort()) {
    const path = join(migrations, folder);
    if (!existsSync(join(path, 'migration.sql'))) continue;
    for (const file of readdirSync(path).sort())
      hash
        .update(`${folder}/${file}\0`)
        .update(readFileSync(join(path, file)))
        .update('\0');
  }
  return hash.digest('hex');
}

/** Where the copy for `digest` is kept (dist/, beside the server's bundle, git-ignored). */
export function initialDatabasePath(digest = initialDatabaseDigest()): string {
  return join(distFolder, `initial-database-${digest.slice(0, 16)}.tar.gz`);
}

/** The number of migrations, for the progress lines of a first start. */
export function migrationCount(): number {
  return readdirSync(migrationsFolder).filter((name) => existsSync(join(migrationsFolder, name, 'migration.sql'))).length;
}

/** The copy made from the migrations now in the tree, if it was built; undefined sends the first start the long way. */
export function findInitialDatabase(): string | undefined {
  const path = initialDatabasePath();
  return existsSync(path) ? path : undefined;
}
