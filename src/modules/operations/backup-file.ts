// The backup file itself: never half-written, never silently replaced, and recognised by its first bytes.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BackupError } from './backup-error.ts';

/** Refuses to replace an existing file unless told to. */
export function assertMayWrite(file: string, force: boolean): void {
  if (existsSync(file) && !force) {
    throw new BackupError('WOULD_OVERWRITE', `${file} already exists. Choose another name, or run again with --force to replace it.`);
  }
}

/**
 * Where a backup is written before it is renamed to `file`: beside it, so the rename is atomic and a backup cut
 * short (a full disk, Ctrl-C) never stands under the name of a good one.
 */
export const partialPathFor = (file: string) => join(dirname(file), `.${basename(file)}.partial-${process.pid}`);

export type BackupKind = 'embedded' | 'postgres' | 'unknown';

/** An embedded backup is gzip (1f 8b); pg_dump's custom format starts "PGDMP". */
export function kindOf(bytes: Uint8Array): BackupKind {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'embedded';
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === 'PGDMP') return 'postgres';
  return 'unknown';
}

export function readBackupFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new BackupError('UNREADABLE_BACKUP', `Cannot read ${file}: ${(err as Error).message}`);
  }
}

/** The refusal for a file of the other database's kind, naming the setting that chooses the database. */
export function wrongKind(file: string, kind: BackupKind): BackupError {
  const what =
    kind === 'postgres'
      ? 'a PostgreSQL archive (pg_dump): restore it with DATABASE_URL set to the database to restore into'
      : kind === 'embedded'
        ? 'a backup of the embedded database: restore it without DATABASE_URL, into DATA_DIR'
        : 'not a backup made by `npm run cli -- backup`';
  return new BackupError('UNREADABLE_BACKUP', `${file} is ${what}. Nothing was changed.`);
}
