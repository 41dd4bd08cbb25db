// Builds the initial database a first start loads (src/initial-database.ts): a new embedded database, migrated, as a tarball.
//
//   node scripts/build.mjs         (postinstall, npm run build) bundles the server, then this file, and runs
//                                  ensureInitialDatabase: a few seconds, once for each set of migrations
//
// Made exactly as a first start without it makes one (createDb: PGlite with the app's extensions, then the
// migrations), so loading it is the same as running them; tests/initial-database.test.ts compares the two.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createDb } from '../src/db.ts';
import { initialDatabasePath } from '../src/initial-database.ts';

/** Writes the tarball to `target` (written aside, then renamed: a second build at once leaves one whole file). */
export async function buildInitialDatabase(target: string): Promise<void> {
  const handle = await createDb({ memory: true });
  try {
    // Written out in full first: a copy taken with changes only in the WAL starts by replaying them (measured
    // about 0.5 s of CPU more per load).
    await handle.pglite!.exec('CHECKPOINT');
    const tarball = await handle.pglite!.dumpDataDir('gzip');
    mkdirSync(dirname(target), { recursive: true });
    const aside = `${target}.${process.pid}.tmp`;
    writeFileSync(aside, new Uint8Array(await tarball.arrayBuffer()));
    renameSync(aside, target);
  } finally {
    await handle.close();
  }
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
