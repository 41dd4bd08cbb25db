// Backup and restore of the embedded database: a checked tarball of PGlite's data folder, restored beside the target and swapped in.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { lockDataDir, lockFiles } from '../../data-dir-lock.ts';
import { createDb, openPglite } from '../../db.ts';
import { BackupError } from './backup-error.ts';
import { assertMayWrite, kindOf, partialPathFor, readBackupFile, wrongKind } from './backup-file.ts';
import { tarFolder } from './tar-folder.ts';
import { CorruptArchiveError, readTarEntries, type TarEntry } from './tarball.ts';

/**
 * PostgreSQL's own files at the top of a data folder. Anything else in DATA_DIR (the mail outbox, the lock, a
 * file the operator left there) is not the database and stays out of the backup; postmaster.pid names a process
 * of the machine that made the backup.
 */
const databaseFile = /^\/(PG_VERSION|base|global|pg_[a-z_]+|pg_(hba|ident)\.conf|postgresql(\.auto)?\.conf|postmaster\.opts)(\/|$)/;

export interface BackupOptions {
  dataDir: string;
  file: string;
  /** Replace an existing backup file (backup) or a data folder that is not empty (restore). */
  force: boolean;
}

/**
 * A consistent copy of the embedded database in `file` (gzip of a tar). It opens the folder as the server does, so
 * while a server holds it this throws DatabaseLockedError: PGlite lives inside one process, and no other can ask it
 * for a snapshot. Opened here and idle, after a checkpoint its files on disk are the database of one moment (PGlite
 * writes straight through to them); they are read beside it rather than by its dumpDataDir, which fails on the
 * lock's socket file.
 */
export async function backupEmbedded({ dataDir, file, force }: BackupOptions): Promise<{ bytes: number }> {
  assertMayWrite(file, force);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new BackupError('NO_DATABASE', `There is no embedded database in ${dataDir} to back up (set DATA_DIR to its folder).`);
  }
  // Not migrated on open: the backup is of the database as it is, whatever version of the code reads it later.
  const handle = await createDb({ DATA_DIR: dataDir, migrate: false });
  let tar: Buffer;
  try {
    // Written out to the tables' files now, so a restore opens without replaying the write-ahead log.
    await handle.pglite!.exec('CHECKPOINT');
    tar = tarFolder(dataDir, (name) => databaseFile.test(name));
  } finally {
    await handle.close();
  }
  const compressed = await promisify(gzip)(tar);
  const partial = partialPathFor(file);
  try {
    writeFileSync(partial, compressed);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { bytes: compressed.length };
}

/** The archive inside a backup file, checked entry by entry before anything on disk is touched. */
async function readArchive(file: string): Promise<Buffer> {
  const bytes = readBackupFile(file);
  const kind = kindOf(bytes);
  if (kind !== 'embedded') throw wrongKind(file, kind);
  const cutShort = (why: string) => new BackupError('UNREADABLE_BACKUP', `${file} is not a complete backup (${why}). Nothing was changed.`);
  let tar: Buffer;
  try {
    tar = await promisify(gunzip)(bytes);
  } catch (err) {
    throw cutShort(`it does not decompress: ${(err as Error).message}`);
  }
  let entries: TarEntry[];
  try {
    entries = readTarEntries(tar);
  } catch (err) {
    if (err instanceof CorruptArchiveError) throw cutShort(err.message);
    throw err;
  }
  if (!entries.some((e) => e.name === '/PG_VERSION')) throw cutShort('it holds no PostgreSQL data folder');
  return tar;
}

/** What a data folder holds besides the lock's own files. */
const contentsOf = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => !(lockFiles as readonly string[]).includes(f)) : []);

export interface RestoreResult {
  /** Where the folder that was there before now is, when it held anything. */
  setAside: string | null;
  /** Migrations recorded in the restored database. */
  migrations: number;
}

/**
 * Restores `file` into `dataDir`. The archive is loaded into a new folder beside the target and opened there;
 * only once that has worked is the old folder renamed aside and the new one renamed into place, so a bad file or
 * a failure part way leaves the target as it was. The target is locked throughout, so no server can be using it.
 */
export async function restoreEmbedded({ dataDir, file, force }: BackupOptions): Promise<RestoreResult> {
  const tar = await readArchive(file);
  const target = resolve(dataDir);
  const had = contentsOf(target);
  if (had.length && !force) {
    throw new BackupError(
      'WOULD_OVERWRITE',
      `${dataDir} is not empty (${had.slice(0, 3).join(', ')}${had.length > 3 ? ', ...' : ''}). Restore into an empty or new ` +
        'folder, or run again with --force: the folder that is there is then kept, renamed, beside the restored one.',
    );
  }
  const created = !existsSync(target);
  mkdirSync(target, { recursive: true });
  const release = await lockDataDir(target);
  const loading = mkdtempSync(join(dirname(target), `.${basename(target)}.restoring-`));
  try {
    let migrations: number;
    try {
      const pg = await openPglite({ dataDir: loading, loadDataDir: new Blob([new Uint8Array(tar)]) });
      try {
        const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
        migrations = rows[0]!.n;
      } finally {
        await pg.close();
      }
    } catch (err) {
      throw new BackupError(
        'UNREADABLE_BACKUP',
        `${file} does not open as a directory database (${(err as Error).message}). Nothing was changed.`,
      );
    }
    const aside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, aside);
    try {
      renameSync(loading, target);
    } catch (err) {
      renameSync(aside, target);
      throw err;
    }
    // Held across the swap; its socket file went aside with the old folder, so it is cleared there.
    const released = release();
    for (const f of lockFiles) rmSync(join(aside, f), { recursive: true, force: true });
    await released;
    if (!had.length) rmSync(aside, { recursive: true, force: true });
    return { setAside: had.length ? aside : null, migrations };
  } catch (err) {
    await release().catch(() => {});
    // A folder this restore made for itself goes again, so a failed restore leaves things exactly as they were.
    if (created) rmSync(target, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(loading, { recursive: true, force: true });
  }
}
