// The embedded database's folder held by one process at a time, by listening sockets the kernel frees when the process dies.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/** Who holds an embedded database open: written beside its lock, so a second process can name the first. */
export interface LockHolder {
  pid: number;
  /** The holder's command line, e.g. "node dist/main.mjs". */
  command: string;
  since: string;
}

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
  constructor(
    message: string,
    readonly dataDir: string,
    /** Null when the holder left no note (an older version) or the note cannot be read. */
    readonly holder: LockHolder | null,
  ) {
    super(message);
  }
}

/**
 * The files the lock leaves in a data folder: not part of the database, and never copied into a backup.
 * `.lock` is the folder versions before the socket lock made (proper-lockfile), still set aside with the others.
 */
export const lockFiles = ['.lock.sock', '.lock-holder.json', '.lock'] as const;

const socketFile = (dataDir: string) => join(dataDir, lockFiles[0]);
const holderFile = (dataDir: string) => join(dataDir, lockFiles[1]);

/**
 * The longest socket path the kernel takes (sun_path less its final NUL: 108 bytes on Linux, 104 on macOS and the
 * BSDs). Checked here because libuv before 1.47 (Node 20) cuts a longer one short without a word, binding elsewhere.
 */
const maxSocketPath = process.platform === 'linux' ? 107 : 103;

function readHolder(dataDir: string): LockHolder | null {
  try {
    const note = JSON.parse(readFileSync(holderFile(dataDir), 'utf8')) as LockHolder;
    return Number.isSafeInteger(note.pid) ? note : null;
  } catch {
    return null;
  }
}

/** Listens on `address`; 'taken' when something already does. Unreferenced, so holding a lock never keeps a process alive. */
function listenOn(address: string): Promise<Server | 'taken'> {
  return new Promise((resolve, reject) => {
    // A probe's connection (see answersOn) is all anyone ever sends: nothing to say to it.
    const server = createServer((socket) => socket.destroy());
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve('taken') : reject(err)));
    server.listen(address, () => {
      server.unref();
      resolve(server);
    });
  });
}

/**
 * Whether a process listens on the socket file at `path`. A stopped (SIGSTOP) process still does: the kernel
 * queues the connection for it. Only a refusal, or no file, means its owner is gone; anything else, or no answer
 * within a second, counts as alive, the side that never lets two processes in.
 */
function answersOn(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (alive: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(alive);
    };
    const timer = setTimeout(() => done(true), 1_000);
    socket.once('connect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code !== 'ECONNREFUSED' && err.code !== 'ENOENT'));
  });
}

/**
 * DATA_DIR/.lock.sock: a socket file, visible to every process that sees the folder (other network namespaces,
 * other containers on one volume). A file left by a killed process answers nothing and is replaced. Between two
 * starters that both find it stale, one may unlink the other's new socket; on Linux the abstract socket, taken
 * first, keeps such starters apart unless they are in different network namespaces (docs/operations.md).
 * 'unavailable' when the folder cannot hold a socket (a path too long, a filesystem without sockets).
 */
async function holdSocketFile(dataDir: string): Promise<Server | 'taken' | 'unavailable'> {
  const path = socketFile(dataDir);
  if (Buffer.byteLength(path) > maxSocketPath) return 'unavailable';
  const bind = () =>
    listenOn(path).catch((err: NodeJS.ErrnoException) => (cannotHoldSocket(err) ? ('unavailable' as const) : Promise.reject(err)));
  const first = await bind();
  if (first !== 'taken' || (await answersOn(path))) return first;
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return bind();
}

/** The filesystem, not a holder, refused the socket file. */
const cannotHoldSocket = (err: NodeJS.ErrnoException) =>
  ['ENAMETOOLONG', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EINVAL'].includes(err.code ?? '');

/**
 * A name for the folder (from its device and inode) no file stands behind: on Linux a socket in the abstract namespace, on
 * Windows a named pipe. Taken atomically, and freed by the kernel the instant its process dies (kill -9 included),
 * never while it lives, stopped or not. Undefined where there is no such namespace (macOS).
 */
function holdName(dataDir: string): Promise<Server | 'taken'> | undefined {
  // The folder itself (device and inode), not its path: two containers sharing a network namespace (one pod) may
  // mount different volumes at the same path, which must not refuse each other, or one volume at two paths, which must.
  const { dev, ino } = statSync(realpathSync(dataDir));
  const key = createHash('sha256').update(`${dev}:${ino}`).digest('hex');
  if (process.platform === 'linux') return listenOn(`\0engagement-directory-${key}`);
  if (process.platform === 'win32') return listenOn(`\\\\?\\pipe\\engagement-directory-${key}`);
  return undefined;
}

function lockedError(dataDir: string): DatabaseLockedError {
  const holder = readHolder(dataDir);
  return new DatabaseLockedError(
    `The embedded database in ${dataDir} is already open in another process` +
      `${holder ? ` (pid ${holder.pid}: ${holder.command}, since ${holder.since})` : ''}. Stop that process, ` +
      `or set DATA_DIR to another folder (or DATABASE_URL to a PostgreSQL server).`,
    dataDir,
    holder,
  );
}

function cannotLock(dataDir: string): Error {
  return new Error(
    `The embedded database's folder ${dataDir} cannot hold its lock, a socket file ${lockFiles[0]}: the file's path must ` +
      `be at most ${maxSocketPath} bytes long, on a filesystem that holds sockets. Set DATA_DIR to such a folder.`,
  );
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * Hold an embedded database's folder for this process; resolves to the release. A folder held elsewhere is refused
 * with DatabaseLockedError, naming the holder when it left a note. No timing is involved, unlike the lock file
 * renewed every 2 s it replaces: a process stalled for any time keeps the folder, and a killed one frees it at once.
 * The sockets are opened close-on-exec (libuv's default), so a child process never inherits the lock.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const held: Server[] = [];
  const releaseAll = () => Promise.all(held.map(closeServer));
  try {
    const named = await holdName(dataDir);
    if (named === 'taken') throw lockedError(dataDir);
    if (named) held.push(named);
    // Node takes any path on Windows for a pipe's name: there the named pipe is the whole lock.
    const file = process.platform === 'win32' ? 'unavailable' : await holdSocketFile(dataDir);
    if (file === 'taken') throw lockedError(dataDir);
    // Where a name holds, the file only adds other network namespaces; elsewhere it is the lock.
    if (file === 'unavailable' && !named) throw cannotLock(dataDir);
    if (file !== 'unavailable') held.push(file);
  } catch (err) {
    await releaseAll();
    throw err;
  }
  const note = holderFile(dataDir);
  const holder: LockHolder = { pid: process.pid, command: process.argv.slice(0, 2).join(' '), since: new Date().toISOString() };
  try {
    writeFileSync(note, JSON.stringify(holder));
  } catch {
    // Only a courtesy to the next process's error message: the sockets are what keep it out.
  }
  return async () => {
    // The note first: once the sockets close, the next holder may already be writing its own.
    rmSync(note, { force: true });
    // libuv unlinks the socket file as it closes.
    await releaseAll();
  };
}
