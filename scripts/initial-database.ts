// Builds the initial database a first start loads (src/initial-database.ts): a new embedded database, migrated, as a tarball.
//
//   node scripts/build.mjs         (postinstall, npm run build) bundles the server, then this file, and runs
//                                  ensureInitialDatabase: a few seconds, once for each set of migrations
//
// Made exactly as a first start without it makes one (createDb: PGlite with the app's extensions, then the
// migrations), so loading it is the same as running them; tests/initial-database.test.ts compares the two.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { createDb } from '../src/db.ts';
import { initialDatabasePath } from '../src/initial-database.ts';

/**
 * Writes the tarball to `target` (written aside, then renamed: a second build at once leaves one whole file).
 *
 * Made on disk and closed before it is packed, not dumped while open (PGlite's dumpDataDir): a copy of a database
 * that was still running starts with crash recovery, which also drops PostgreSQL's cached catalogue files, so the
 * server's first statements after a first start each took 10 to 300 ms more, just after it said it was ready. A
 * database shut down cleanly opens as a restart does.
 */
export async function buildInitialDatabase(target: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ed-initial-database-'));
  try {
    const built = await createDb({ DATA_DIR: folder, initialDatabase: false });
    await built.close();
    // Opened once more, so the catalogue cache files a clean start writes are in the copy too.
    const reopened = await createDb({ DATA_DIR: folder, migrate: false });
    await reopened.db.execute(sql`SELECT count(*) FROM drizzle.__drizzle_migrations`);
    await reopened.close();
    mkdirSync(dirname(target), { recursive: true });
    const aside = `${target}.${process.pid}.tmp`;
    writeFileSync(aside, gzipSync(tarOf(folder)));
    renameSync(aside, target);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Left out of the copy: files that describe the process that had the database open, not the database. */
const notCopied = new Set(['postmaster.pid', 'postmaster.opts']);

/** A ustar archive of `folder`'s folders and files (names relative to it), in a stable order. */
function tarOf(folder: string): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, type: '0' | '5', size: number) => {
    if (Buffer.byteLength(name) > 100) throw new Error(`initial database: ${name} is too long a name for a tar entry`);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write(`${(type === '5' ? 0o700 : 0o600).toString(8).padStart(7, '0')}\0`, 100);
    h.write('0000000\0', 108); // uid
    h.write('0000000\0', 116); // gid
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
    );
    h.write('        ', 148); // the checksum counts itself as spaces
    h.write(type, 156);
    h.write('ustar\x0000', 257);
    let sum = 0;
    for (const byte of h) sum += byte;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(folder, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        blocks.push(header(`${name}/`, '5', 0));
        walk(name);
      } else if (entry.isFile() && !notCopied.has(name)) {
        const bytes = readFileSync(join(folder, name));
        blocks.push(header(name, '0', bytes.length), bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512));
      }
    }
  };
  walk('');
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** Builds the copy for the migrations now in the tree unless it is there, and removes copies made from older ones. */
export async function ensureInitialDatabase(): Promise<string> {
  const target = initialDatabasePath();
  if (!existsSync(target)) {
    const started = performance.now();
    await buildInitialDatabase(target);
    console.error(`built dist/${basename(target)} in ${Math.round(performance.now() - started)} ms`);
  }
  for (const name of readdirSync(dirname(target)))
    if (/^initial-database-[0-9a-f]+\.tar\.gz$/.test(name) && name !== basename(target)) rmSync(join(dirname(target), name));
  return target;
}
