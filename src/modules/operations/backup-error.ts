// Why a backup or restore stopped: a message for the operator, with what to do, and a code a test can check.

export type BackupErrorCode =
  /** The backup file is missing, cut short, or not a backup of this kind of database. */
  | 'UNREADABLE_BACKUP'
  /** There is no database to back up where the configuration points. */
  | 'NO_DATABASE'
  /** Writing would replace something that is there: a backup file, or a database that is not empty. */
  | 'WOULD_OVERWRITE'
  /** pg_dump or pg_restore is not installed where we looked. */
  | 'TOOL_MISSING'
  /** pg_dump or pg_restore ran and failed; its own message follows. */
  | 'TOOL_FAILED';

export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}
