// Gives each test file its own migrated database: in-memory PGlite, or a throwaway database on TEST_DATABASE_URL's server.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../../src/db.ts';

// Read once per worker process: a test that edits process.env must not switch backends mid-file.
const serverUrl = process.env.TEST_DATABASE_URL || undefined;

/** Set by the first successful connection, so log lines can name the real server. */
let serverVersion: string | undefined;

/** 'pglite', or 'postgres 15.x' once a database has been opened on the server. */
export function describeDatabase(): string {
  if (!serverUrl) return 'pglite';
  return serverVersion ? `postgres ${serverVersion}` : 'postgres (not connected yet)';
}

/**
 * A fresh, migrated database for one test file; `close()` releases it (and drops it on PostgreSQL).
 * Per-file databases are what let files run in parallel without seeing each other's rows.
 */
/** The connection URL of a test database on a PostgreSQL server, for a child process (the CLI) to open it too. */
export const serverUrlOf = new WeakMap<DbHandle, string>();

export async function openTestDatabase(): Promise<DbHandle> {
  if (!serverUrl) return createDb({ memory: true });

  // pid keeps names readable when looking at a server by hand; the random part makes them unique.
  const name = `ed_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, async (sql) => {
    const [row] = await sql<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
    serverVersion = row?.v.split(' ')[0];
    await sql`CREATE DATABASE ${sql(name)}`;
  });

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let handle: DbHandle;
  try {
    handle = await createDb({ DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: 5 });
  } catch (err) {
    await dropDatabase(serverUrl, name);
    throw err;
  }

  serverUrlOf.set(handle, url.toString());
  const closePool = handle.close;
  let closed: Promise<void> | undefined;
  handle.close = () => {
    // Idempotent: an afterAll plus a failing test's own cleanup may both call it.
    closed ??= closePool().finally(() => dropDatabase(serverUrl, name));
    return closed;
  };
  return handle;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // FORCE (PG13+) ends connections a test leaked, which would otherwise make the drop fail.
  await withAdminClient(adminUrl, (sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`);
}

/** A one-connection client to the maintenance database, closed afterwards. */
async function withAdminClient<T>(adminUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    try {
      await sql`SELECT 1`;
    } catch (err) {
      throw unreachable(adminUrl, err);
    }
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// A skipped suite looks green in CI; when the caller asked for PostgreSQL, failing loudly is the only honest outcome.
function unreachable(adminUrl: string, cause: unknown): Error {
  const shown = new URL(adminUrl);
  if (shown.password) shown.password = '***';
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(
    [
      '',
      '==================================================================',
      'TEST_DATABASE_URL is set, but its PostgreSQL server cannot be used.',
      `  URL:    ${shown.toString()}`,
      `  Reason: ${reason}`,
      'Start the server (or run `npm run test:pg`, which starts a throwaway one),',
      'fix the URL, or unset TEST_DATABASE_URL to test on in-memory PGlite.',
      '==================================================================',
    ].join('\n'),
    { cause },
  );
}
