// The prebuilt initial database: an embedded database just created and migrated, made at install, which a first start loads.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

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

/**
 * Writes the copy's files into an empty DATA_DIR, which PGlite then opens as an existing database. PGlite could
 * load the tarball itself (`loadDataDir`), but writes each of its 1,200 files through its WebAssembly file system:
 * about 2 s of CPU, where unpacking it here takes a tenth of that. The tarball is PGlite's own (dumpDataDir): plain
 * ustar entries, directories and regular files only; anything else, or a path leaving the folder, is refused.
 */
export function unpackInitialDatabase(tarball: string, dataDir: string): void {
  const tar = gunzipSync(readFileSync(tarball));
  const root = resolve(dataDir);
  const field = (at: number, length: number) =>
    tar
      .subarray(at, at + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  // PG_VERSION is what makes a folder a database (to PGlite, and to createDb): written last, so a start cut short
  // while unpacking leaves a folder that the next start unpacks again rather than a broken database.
  let version: { path: string; bytes: Buffer } | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = field(at, 100);
    if (!name) break; // the two empty blocks that end the archive
    const prefix = field(at + 345, 155);
    const size = Number.parseInt(field(at + 124, 12).trim() || '0', 8);
    const type = field(at + 156, 1) || '0';
    const path = resolve(root, `.${sep}${join(prefix, name)}`);
    if (path !== root && !path.startsWith(root + sep)) throw new Error(`initial database: ${name} leaves the data folder`);
    at += 512;
    if (type === '5') mkdirSync(path, { recursive: true, mode: 0o700 });
    else if (type === '0') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      if (path === join(root, 'PG_VERSION')) version = { path, bytes: tar.subarray(at, at + size) };
      else writeFileSync(path, tar.subarray(at, at + size), { mode: 0o600 });
    } else throw new Error(`initial database: ${name} is of tar type ${type}, not a file or a folder`);
    at += Math.ceil(size / 512) * 512;
  }
  if (!version) throw new Error('initial database: the tarball holds no PG_VERSION');
  writeFileSync(version.path, version.bytes, { mode: 0o600 });
}
