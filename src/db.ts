// The database: embedded PGlite (default) or PostgreSQL through postgres.js, migrated on open.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql, type SQL } from 'drizzle-orm';
import { withReplicas } from 'drizzle-orm/pg-core';
import type { PgAsyncDatabase } from 'drizzle-orm/pg-core/async/db';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { relations } from '../schema/relations.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { findInitialDatabase, migrationCount, unpackInitialDatabase } from './initial-database.ts';

export type Db = PgAsyncDatabase<any, typeof relations>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** SQL statements sent since start; tests read it to prove query plans. */
  statements: { count: number };
  /** Raw postgres.js client when on PostgreSQL (for LISTEN/NOTIFY and hand-written SQL). */
  postgres?: postgres.Sql;
  /** Where it connects, for a connection of its own (`listen`). */
  postgresUrl?: string;
  /**
   * Where anonymous reads go: a read replica (a random one per query) when DATABASE_REPLICA_URLS is
   * set, else `db` itself. Writes, and reads by signed-in editors who must see their own writes, use `db`.
   */
  readDb: Db;
  /** postgres.js clients of the replicas, for hand-written reads; empty without replicas. */
  replicas: postgres.Sql[];
  /** Statements sent to replicas (also counted in `statements`), to show where reads went. */
  replicaStatements: { count: number };
  /** Whether a statement text is sent prepared on PostgreSQL (within DbOptions.preparedBytes); never on PGlite. */
  worthPreparing: (text: string) => boolean;
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DbOptions {
  DATABASE_URL?: string | undefined;
  DATA_DIR?: string | undefined;
  DATABASE_POOL_SIZE?: number;
  /** PostgreSQL: statement_timeout of every pooled connection (default 10 s). */
  DATABASE_STATEMENT_TIMEOUT_MS?: number;
  /** PostgreSQL: how long a connection attempt may take (default 3 s). */
  DATABASE_CONNECT_TIMEOUT_S?: number;
  /** PostgreSQL read replicas; anonymous reads are routed to them (drizzle's withReplicas). */
  DATABASE_REPLICA_URLS?: readonly string[];
  /** Send drizzle's queries as named prepared statements on PostgreSQL (default true); see `preparing`. */
  prepare?: boolean;
  /** PostgreSQL: the bytes prepared statements may hold, every connection's copy counted (CACHE_PREPARED_MB; default 4 MB). */
  preparedBytes?: number;
  /** Run pending migrations on open (default true); a backup copies the database as it is. */
  migrate?: boolean;
  /** In-memory PGlite, for tests. */
  memory?: boolean;
  /**
   * Embedded: a new DATA_DIR starts as a copy of this prebuilt database (src/initial-database.ts), when it was built
   * from the migrations now in the tree; by default the one `npm install` built, if any. false: initdb and migrations.
   */
  initialDatabase?: string | false;
  /** Told each step of preparing a new embedded database or migrating one, which can take seconds: a line for the log. */
  onProgress?: (message: string) => void;
  logQueries?: boolean;
}

export const migrationsFolder = fileURLToPath(new URL('../schema/migrations', import.meta.url));

/**
 * PostgreSQL's buffer pool inside PGlite. With the default, 128 MB, all of it is resident from the start
 * (measured: about 120 MB more RSS than with 16 MB) and opening is slower. Pages beyond the pool come from the
 * OS page cache, so a catalogue larger than the pool is still served from memory.
 */
const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * How many migrations in schema/migrations the database does not record by name: drizzle's own test of what is
 * left to run (getMigrationsToRun). One query, where its migrator spends four before reaching that answer,
 * one of them on information_schema: on an embedded start that was most of the migration time. On any doubt
 * (no table yet, drizzle's older layout without names) every one counts and the migrator decides.
 */
async function migrationsPending(query: (text: string) => Promise<{ name: string | null }[]>): Promise<number> {
  // As drizzle's readMigrationFiles lists them: the folders holding a migration.sql.
  const local = readdirSync(migrationsFolder).filter((name) => existsSync(join(migrationsFolder, name, 'migration.sql')));
  let applied: Set<string | null>;
  try {
    applied = new Set((await query('SELECT name FROM drizzle.__drizzle_migrations')).map((r) => r.name));
  } catch {
    return local.length;
  }
  return local.filter((name) => !applied.has(name)).length;
}

/**
 * A logger for the migrator that reports each migration done: drizzle's migrator runs them all in one transaction
 * and says nothing, but records each one, as it finishes, with an insert into its table.
 */
function migrationProgress(pending: number, report: (done: number, of: number) => void) {
  let done = 0;
  return {
    logQuery(query: string) {
      if (/^\s*insert into "drizzle"\."__drizzle_migrations"/i.test(query)) report(++done, pending);
    },
  };
}

function counterLogger(statements: { count: number }, log: boolean) {
  return {
    logQuery(query: string, params: unknown[]) {
      statements.count++;
      if (log) console.error(JSON.stringify({ level: 'debug', msg: 'sql', query, params: params.length }));
    },
  };
}

/**
 * drizzle sends relational queries unprepared (`prepare: name !== false` with no name), so PostgreSQL
 * parses and plans every request's statement again. A document always yields the same SQL text, and
 * postgres.js caches prepared statements per connection by text: ask it to prepare what `worth` allows.
 * A transaction's (and a savepoint's) own client is wrapped too: drizzle runs a transaction's statements on it,
 * and unnamed they were parsed and planned on every write, each in two round trips (postgres.js describes a
 * statement with parameters before binding it unless it is prepared on the connection already).
 */
function preparing(client: postgres.Sql, worth: (text: string) => boolean): postgres.Sql {
  const unsafe = client.unsafe.bind(client);
  const scoped =
    (open: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) =>
      open(...args.map((a) => (typeof a === 'function' ? (tx: postgres.Sql) => a(preparing(tx, worth)) : a)));
  return new Proxy(client, {
    get: (target, key, receiver) => {
      if (key === 'unsafe')
        return (text: string, params?: never[], opts?: object) => unsafe(text, params, { ...opts, prepare: worth(text) });
      const value = Reflect.get(target, key, receiver);
      return (key === 'begin' || key === 'savepoint') && typeof value === 'function' ? scoped(value.bind(target)) : value;
    },
  });
}

/**
 * Whether to send a statement as a named prepared one (planned once per connection, then generic) rather
 * than unnamed (planned each time for its own values). A full-text search is planned each time: after five
 * runs PostgreSQL may settle on a generic plan, which cannot fold `websearch_to_tsquery($1)` into a constant
 * and so parses the query again on every row it checks and ranks (2.4 ms against 0.7 ms plus 0.7 ms of
 * planning for a search at the small scale), and which cannot see how common the words are to choose
 * between walking the newest rows and the text index. The lexicon's correction around it (`ed_search_query`,
 * filters.ts textQuery) is folded the same way, and a generic plan would run it for every row.
 *
 * And only so many: postgres.js keeps a connection's prepared statements for its whole life, and each holds
 * a plan in the server's backend, while anonymous clients can send any number of distinct documents (each
 * compiled to its own text). The first texts up to `maxBytes` (each costing `bytesOf` it) are prepared, as
 * the documents that repeat (the embeds', the registered ones, the app's own lists) come first; later new
 * ones are sent unnamed.
 */
export function preparingBudget(maxBytes: number, bytesOf: (text: string) => number = (text) => text.length): (text: string) => boolean {
  const prepared = new Set<string>();
  let bytes = 0;
  return (text) => {
    if (text.includes('websearch_to_tsquery')) return false;
    if (prepared.has(text)) return true;
    const cost = bytesOf(text);
    if (bytes + cost > maxBytes) return false;
    prepared.add(text);
    bytes += cost;
    return true;
  };
}

/**
 * What one prepared statement costs this process on one connection, by reading postgres.js (src/connection.js):
 * its text again as the key of the connection's `statements` (types + text, a new string), and an object with
 * its name, parameter types and a parser per column. The text is counted at two bytes a character, as every
 * other cache here counts text; the rest at 1 KB. The plan each backend keeps is PostgreSQL's memory, not ours,
 * but is bounded by the same count.
 */
const PREPARED_STATEMENT_BYTES = 1024;

/**
 * The budget of one pool (its connections, and each replica's): every connection may end up holding every
 * prepared text, so each text is counted once per connection that could.
 */
export function poolPreparingBudget(maxBytes: number, connections: number): (text: string) => boolean {
  return preparingBudget(maxBytes, (text) => connections * (2 * text.length + PREPARED_STATEMENT_BYTES));
}

/**
 * Resolves once the statements already asked of the database have been handed to the driver, so that one asked
 * for next goes after them on the connection, pipelined in the same round trip rather than after their answers.
 * drizzle hands a statement to postgres.js (or PGlite) within microtasks, with no I/O on the way, and both keep a
 * connection's statements in the order they were handed over; this waits for the next turn of the event loop.
 */
export const afterSent = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The rows of a raw statement on either driver: postgres.js answers an array, PGlite an object holding `rows`. */
export async function rowsOf<T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** A process-wide budget for callers without a handle of their own (the benchmark's raw routes): 4 MB of text. */
export const worthPreparing = preparingBudget(4 * 1024 * 1024);

/**
 * Settings of the app's PostgreSQL sessions, for many short statements at once rather than one big one.
 * JIT compiling cost 30 to 120 ms on a costly plan and bought nothing (large-scale bench). Parallel
 * workers: with ten requests in flight on two cores, a statement that forks two more processes only makes
 * the others wait (a search for a typo at 300k case studies: see docs/performance.md, "What each change bought").
 */
const SESSION_SETTINGS = { jit: 'off', max_parallel_workers_per_gather: '0' } as const;

/**
 * LISTEN on `channel` (postgres.js or PGlite); resolves, once listening, to the function that stops it.
 * `onListen` runs when listening starts and, on PostgreSQL, after every reconnection (postgres.js keeps one
 * connection for LISTEN and listens again), when notifications may have been missed.
 */
export async function listen(
  handle: DbHandle,
  channel: string,
  onPayload: (payload: string) => void,
  onListen: () => void,
  onLost: () => void = () => {},
): Promise<() => Promise<void>> {
  if (handle.postgres && handle.postgresUrl) {
    const stop = await listenOnOwnConnection(handle.postgresUrl, channel, onPayload, onListen, onLost);
    // Closed with the handle too: its callers start listening for the life of the app and keep no stop.
    const stops = ownListeners.get(handle) ?? new Set();
    ownListeners.set(handle, stops.add(stop));
    return async () => {
      stops.delete(stop);
      await stop();
    };
  }
  if (handle.pglite) {
    const unlisten = await handle.pglite.listen(channel, onPayload);
    onListen();
    return unlisten;
  }
  throw new Error('No database client to LISTEN on');
}

/** The listening connections of each PostgreSQL handle, ended when it closes. */
const ownListeners = new WeakMap<DbHandle, Set<() => Promise<void>>>();

/** Ends a connection of its own (the shared rate limit's) when the PostgreSQL handle closes, as LISTEN's are. */
export function closeWith(handle: DbHandle, stop: () => Promise<void>): void {
  ownListeners.set(handle, (ownListeners.get(handle) ?? new Set()).add(stop));
}

/**
 * LISTEN on a connection of its own, which says at once when it is lost. postgres.js's own `listen` reconnects by
 * itself but tells nobody in between, so a cache relying on it kept answering, unable to hear a change, for
 * seconds after a server restart. Here `onLost` runs as the socket closes, and LISTEN is retried promptly (50 ms,
 * doubling to 1 s) until `onListen` says it is in place again; nothing a notification would have said is missed
 * unheard, since whoever relies on it stops trusting what it holds between the two.
 */
async function listenOnOwnConnection(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onListen: () => void,
  onLost: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let retrying = false;
  let attempt = 0;
  const client = postgres(url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    onnotice: () => {},
    // LISTEN needs no array types; and postgres.js leaves a failure of that first query (a connection reset as the
    // database goes away) as an unhandled rejection.
    fetch_types: false,
    connection: { application_name: 'engagement-directory-listener' },
    onnotify: (heardOn: string, payload: string) => {
      if (heardOn === channel) onPayload(payload);
    },
    onclose: () => {
      if (stopped) return;
      onLost();
      retry();
    },
  } as postgres.Options<Record<string, never>>);
  const start = async () => {
    await client.unsafe(`LISTEN ${JSON.stringify(channel)}`);
    attempt = 0;
    onListen();
  };
  function retry() {
    if (retrying || stopped) return;
    retrying = true;
    const delay = Math.min(1_000, 50 * 2 ** attempt++);
    setTimeout(() => {
      retrying = false;
      if (!stopped) start().catch(() => retry());
    }, delay).unref();
  }
  try {
    await start();
  } catch (err) {
    // The close already scheduled a retry: stop it, or it would retry on an ended client for ever.
    stopped = true;
    await client.end({ timeout: 0 });
    throw err;
  }
  return async () => {
    stopped = true;
    await client.end({ timeout: 1 });
  };
}

/**
 * PGlite as the app runs it (extensions, buffer pool), on `dataDir` or in memory; `loadDataDir` fills an empty
 * folder from a tarball of another one (PGlite's dumpDataDir), which is how a backup is restored.
 */
export function openPglite(options: { dataDir?: string | undefined; loadDataDir?: Blob }): Promise<PGlite> {
  return PGlite.create({
    dataDir: options.dataDir,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, unaccent },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
}

/** Open, lock (embedded) and migrate the database. */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  const statements = { count: 0 };
  const logger = counterLogger(statements, options.logQueries ?? false);

  if (options.DATABASE_URL) {
    // Fail fast: during an outage a request answers 503 within seconds instead of waiting on postgres.js's
    // 30 s connect timeout, and no statement holds a connection for ever.
    const failFast = {
      connect_timeout: options.DATABASE_CONNECT_TIMEOUT_S ?? 3,
      statement_timeout: options.DATABASE_STATEMENT_TIMEOUT_MS ?? 10_000,
    };
    // postgres.js waits 3^n/100 s (up to 20 s) before a connection that failed n times in a row tries again, and a
    // request queued on it waits as long: after a restart, requests hung for 12 to 15 s. Half a second at most.
    const backoff = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5);
    const client = postgres(options.DATABASE_URL, {
      max: options.DATABASE_POOL_SIZE ?? 10,
      onnotice: () => {},
      connect_timeout: failFast.connect_timeout,
      backoff,
      connection: { application_name: 'engagement-directory', statement_timeout: failFast.statement_timeout, ...SESSION_SETTINGS },
    });
    const poolSize = options.DATABASE_POOL_SIZE ?? 10;
    const worth = poolPreparingBudget(
      options.preparedBytes ?? 4 * 1024 * 1024,
      poolSize * (1 + (options.DATABASE_REPLICA_URLS?.length ?? 0)),
    );
    const open = (c: postgres.Sql, log = logger) =>
      drizzlePostgres({ client: options.prepare === false ? c : preparing(c, worth), relations, logger: log }) as unknown as Db;
    const db = open(client);
    if (options.migrate !== false) await migrateWithLock(options.DATABASE_URL);
    // Replicas are read-only copies: migrations run on the primary and reach them by replication.
    const replicaStatements = { count: 0 };
    const replicaLogger = {
      logQuery: (q: string, p: unknown[]) => {
        replicaStatements.count++;
        logger.logQuery(q, p);
      },
    };
    const replicas = (options.DATABASE_REPLICA_URLS ?? []).map((url) =>
      postgres(url, {
        max: options.DATABASE_POOL_SIZE ?? 10,
        onnotice: () => {},
        connect_timeout: failFast.connect_timeout,
        backoff,
        connection: { application_name: 'engagement-directory-reader', statement_timeout: failFast.statement_timeout, ...SESSION_SETTINGS },
      }),
    );
    const routed = replicas.length ? withReplicas(db, replicas.map((r) => open(r, replicaLogger)) as [Db, ...Db[]]) : undefined;
    const handle: DbHandle = {
      db,
      // A getter, so each request draws its own replica.
      get readDb() {
        return routed ? routed.$replica : db;
      },
      replicas,
      replicaStatements,
      worthPreparing: worth,
      kind: 'postgres',
      statements,
      postgres: client,
      postgresUrl: options.DATABASE_URL,
      close: async () => {
        await Promise.all([...(ownListeners.get(handle) ?? [])].map((stop) => stop()));
        await Promise.all([client, ...replicas].map((c) => c.end({ timeout: 5 })));
      },
    };
    return handle;
  }

  let release: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!options.memory) {
    dataDir = options.DATA_DIR ?? './data';
    mkdirSync(dataDir, { recursive: true });
    release = await lockDataDir(dataDir);
  }
  try {
    const migrate = options.migrate !== false;
    // Nothing there yet (PGlite's own test): the first start, which creates the database.
    const fresh = dataDir !== undefined && !existsSync(join(dataDir, 'PG_VERSION'));
    const stage = fresh ? 'Preparing the database (first start)' : 'Migrating the database';
    const progress = (step: string) => options.onProgress?.(`${stage}: ${step}`);
    const initial = fresh && migrate && options.initialDatabase !== false ? (options.initialDatabase ?? findInitialDatabase()) : undefined;
    if (initial) progress(`loading the schema built at install (${migrationCount()} migrations)…`);
    else if (fresh) progress('creating the database files (the longest step; seconds, more on a busy machine)…');
    if (initial) unpackInitialDatabase(initial, dataDir!);
    const client = await openPglite({ dataDir });
    const db = drizzlePglite({ client, relations, logger }) as unknown as Db;
    const pending = migrate ? await migrationsPending(async (text) => (await client.query<{ name: string | null }>(text)).rows) : 0;
    if (pending > 0) {
      progress(`migrations 0/${pending}…`);
      const reporting = migrationProgress(pending, (done, of) => progress(`migrations ${done}/${of}${done < of ? '…' : ''}`));
      await migratePglite(drizzlePglite({ client, relations, logger: reporting }) as any, { migrationsFolder });
    }
    statements.count = 0;
    return {
      db,
      readDb: db,
      replicas: [],
      replicaStatements: { count: 0 },
      // PGlite runs every statement unnamed: nothing is kept per statement.
      worthPreparing: () => false,
      kind: 'pglite',
      statements,
      pglite: client,
      async close() {
        await client.close();
        await release?.();
      },
    };
  } catch (err) {
    await release?.();
    throw err;
  }
}

/**
 * Several servers may start at once against one PostgreSQL: migrate under an advisory lock. Most starts find nothing
 * to run, which one statement tells without the lock or drizzle's migrator (it reads every migration file and sends
 * four statements); a server that sees a migration pending while another applies it waits for the lock, and the
 * migrator then finds it done.
 */
async function migrateWithLock(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false });
  try {
    if ((await migrationsPending((text) => client.unsafe<{ name: string | null }[]>(text))) === 0) return;
    await client`SELECT pg_advisory_lock(7242010)`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
    await client`SELECT pg_advisory_unlock(7242010)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** `SELECT 1` through the pool: the readiness probe. */
export async function pingDb(db: Db): Promise<void> {
  await db.execute(sql`SELECT 1`);
}

/**
 * Errors that mean the database cannot answer now (down, restarting, unreachable, a statement cancelled by
 * its timeout), as opposed to a fault in the request or in us: worth a 503 and a retry. drizzle wraps the
 * driver's error in `cause`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|CONNECT_TIMEOUT|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED)$/.test(
        code,
      )
    )
      return true;
    // SQLSTATE: 08 connection exception, 57P01-57P03 shutdown / cannot connect now, 57014 statement timeout.
    if (/^(08...|57P0[123]|57014|53300)$/.test(code)) return true;
  }
  return false;
}

/** The cause of a database error in words for the log: drizzle's message holds the SQL, its cause what went wrong. */
export function databaseCauseOf(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  return cause ? `${String(cause.code ?? '')} ${String(cause.message ?? '')}`.trim() : undefined;
}
