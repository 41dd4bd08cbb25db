// A PostgreSQL server of a test's own, which the test may stop and start: the shared test server cannot be
// restarted under the other files that use it. Same binaries and settings as scripts/with-postgres.mjs.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
// initdb and postgres refuse to run as root, and CI runs as root.
const asRoot = process.getuid?.() === 0;

export interface Cluster {
  /** The maintenance database's URL (superuser, trust auth). */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

/** Runs a server tool without blocking the event loop: the app under test keeps serving while the server stops. */
async function pgTool(tool: string, args: string[]): Promise<string> {
  const argv = asRoot ? ['runuser', '-u', 'postgres', '--', join(pgBin, tool), ...args] : [join(pgBin, tool), ...args];
  try {
    return (await run(argv[0]!, argv.slice(1), { encoding: 'utf8' })).stdout;
  } catch (err) {
    const e = err as { message: string; stdout?: string; stderr?: string };
    throw new Error(`${tool} failed (${e.message}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** Initialises and starts a server on a free loopback port; fails loudly when the binaries are missing. */
export async function startCluster(): Promise<Cluster> {
  if (!existsSync(join(pgBin, 'initdb'))) {
    throw new Error(`no PostgreSQL server binaries in ${pgBin}: install postgresql-15 (or set PG_BIN)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ed-pg-own-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (asRoot) execFileSync('chown', ['postgres:', dir]);
  await pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--lc-collate=C', '--no-sync']);
  const port = await freePort();
  // fsync stays on: this server is here to be restarted, and what it acknowledged must survive that.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  let running = false;
  const start = async () => {
    try {
      await pgTool('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
    } catch (err) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new Error(`${(err as Error).message}\n--- ${logFile} ---\n${log}`);
    }
    running = true;
  };
  // -m fast: what a service manager's restart does: sessions are ended (SQLSTATE 57P01), transactions rolled back.
  const stop = async () => {
    await pgTool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    running = false;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      if (running) await pgTool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
