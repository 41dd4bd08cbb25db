// Backup and restore on PostgreSQL: PostgreSQL's own pg_dump and pg_restore, run with the flags docs/operations.md gives.
import { execFile } from 'node:child_process';
import { accessSync, constants, renameSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { BackupError } from './backup-error.ts';
import { assertMayWrite, kindOf, partialPathFor, readBackupFile, wrongKind } from './backup-file.ts';

const run = promisify(execFile);

export interface PostgresBackupOptions {
  url: string;
  file: string;
  force: boolean;
  /** A folder holding pg_dump and pg_restore, looked in before PATH (e.g. /usr/lib/postgresql/15/bin). */
  pgBin?: string | undefined;
}

/** The documented commands, for an operator without the tools here or who runs them elsewhere. */
export const documentedCommands = {
  backup: 'pg_dump --format=custom --no-unlogged-table-data --file=<file> --dbname="$DATABASE_URL"',
  restore: 'pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" <file>',
} as const;

function findTool(name: 'pg_dump' | 'pg_restore', pgBin: string | undefined): string {
  const folders = [...(pgBin ? [pgBin] : []), ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const folder of folders) {
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {}
  }
  throw new BackupError(
    'TOOL_MISSING',
    [
      `${name} was not found${pgBin ? ` in ${pgBin} nor` : ''} on PATH. Install PostgreSQL's client tools (on Debian 12:`,
      'apt-get install postgresql-client-15; a version no older than the server) and run this again, or give their',
      'folder with --pg-bin, or run the command yourself:',
      `  ${name === 'pg_dump' ? documentedCommands.backup : documentedCommands.restore}`,
    ].join('\n'),
  );
}

/**
 * The tools' connection: the URL without its password, which goes in PGPASSWORD instead, so it never shows in
 * another user's process list.
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  try {
    await run(tool, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const { stderr, message } = err as { stderr?: string; message: string };
    throw new BackupError('TOOL_FAILED', `${what} failed:\n${(stderr || message).trim()}`);
  }
}

/** pg_dump's custom format: compressed, and pg_restore can choose and reorder what it restores. */
export async function backupPostgres({ url, file, force, pgBin }: PostgresBackupOptions): Promise<void> {
  assertMayWrite(file, force);
  const pgDump = findTool('pg_dump', pgBin);
  const { dbname, env } = connection(url);
  const partial = partialPathFor(file);
  try {
    // Unlogged tables hold only the rate limit's counts of the last minute or two: not the directory's data.
    await runTool(pgDump, ['--format=custom', '--no-unlogged-table-data', `--file=${partial}`, `--dbname=${dbname}`], env, 'pg_dump');
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Tables in the target database: a restore replaces them, so it asks for --force first. */
async function tablesIn(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`;
    return row!.n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * pg_restore in one transaction that stops at the first error: a file cut short or refused leaves the database as
 * it was. --clean --if-exists drops what the archive is about to create; without owners and grants, everything
 * restored belongs to the user who restores, as the app's own migrations would have made it.
 */
export async function restorePostgres({ url, file, force, pgBin }: PostgresBackupOptions): Promise<void> {
  const kind = kindOf(readBackupFile(file));
  if (kind !== 'postgres') throw wrongKind(file, kind);
  const pgRestore = findTool('pg_restore', pgBin);
  const { dbname, env } = connection(url);
  // Reading the table of contents first catches most damaged files before the database is touched at all.
  await runTool(pgRestore, ['--list', file], env, `Reading ${file} (nothing was changed)`);
  const tables = await tablesIn(url);
  if (tables && !force) {
    throw new BackupError(
      'WOULD_OVERWRITE',
      `The database at DATABASE_URL is not empty (${tables} tables). Restore into an empty database, or run again with ` +
        '--force to replace what is there with the backup.',
    );
  }
  await runTool(
    pgRestore,
    ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file],
    env,
    'pg_restore (in one transaction: nothing was changed)',
  );
}
