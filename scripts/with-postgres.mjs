// Runs one command against a throwaway PostgreSQL 15 server on loopback, then stops the server and deletes its files.
//
//   node scripts/with-postgres.mjs <command> [args...]      (npm run test:pg, and .ci/run's PostgreSQL step)
//
// The command gets TEST_DATABASE_URL (superuser, trust auth); its exit code becomes ours.
// PG_BIN overrides where the server binaries are (default: Debian's /usr/lib/postgresql/15/bin).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const command = process.argv.slice(2);
// initdb and postgres refuse to run as root, and CI runs as root.
const asRoot = process.getuid?.() === 0;

function fail(message) {
  console.error(`with-postgres: ${message}`);
  process.exit(2);
}

/** Run a server tool as the user allowed to own the data directory; throws with its output on failure. */
function pgTool(tool, args) {
  const argv = asRoot ? ['runuser', '-u', 'postgres', '--', join(pgBin, tool), ...args] : [join(pgBin, tool), ...args];
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${tool} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** A port nobody listens on right now; another process could still take it before the server does (retried below). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

if (command.length === 0) fail('usage: node scripts/with-postgres.mjs <command> [args...]');
if (!existsSync(join(pgBin, 'initdb'))) {
  fail(`no PostgreSQL server binaries in ${pgBin}. On Debian 12: apt-get install postgresql-15 (or set PG_BIN).`);
}

const dir = mkdtempSync(join(tmpdir(), 'ed-pg-'));
const dataDir = join(dir, 'data');
const logFile = join(dir, 'server.log');
let started = false;

function cleanUp() {
  if (started) {
    try {
      pgTool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch (err) {
      console.error(`with-postgres: could not stop the server: ${err.message}`);
    }
    started = false;
  }
  rmSync(dir, { recursive: true, force: true });
}

async function startServer() {
  if (asRoot) execFileSync('chown', ['postgres:', dir]);
  // Collation C and ctype C.UTF-8 match PGlite's, so ORDER BY on text gives the same answer on both backends.
  pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--lc-collate=C', '--no-sync']);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    // Durability is worthless for a server deleted in a minute; without fsync CREATE DATABASE per test file is cheap.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      pgTool('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
      started = true;
      return port;
    } catch (err) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (attempt < 3 && /could not bind|address already in use/i.test(log)) continue;
      throw new Error(`${err.message}\n--- ${logFile} ---\n${log}`);
    }
  }
}

let port;
try {
  port = await startServer();
} catch (err) {
  cleanUp();
  fail(`could not start PostgreSQL:\n${err.message}`);
}

const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
const version = pgTool('postgres', ['--version']).trim();
console.log(`with-postgres: ${version} on ${url} (data in ${dir})`);

const child = spawn(command[0], command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
// Ctrl-C or a CI timeout reaches us: pass it on, and clean up once the command has gone.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

child.on('error', (err) => {
  cleanUp();
  fail(`could not run ${command[0]}: ${err.message}`);
});
child.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? 128 + (constants.signals[signal] ?? 1));
});
