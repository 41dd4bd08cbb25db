// `npm run flood`: the real server (as `npm start` runs it) on a fresh embedded database, flooded with distinct ~95 KB
// GraphQL documents; prints its peak RSS (VmHWM) before and after. Not part of `npm test`: it takes a minute or two.
//
//   npm run flood                                   7,500 documents, 8 at a time, every shape in scripts/flood-documents.ts
//   npm run flood -- --count 2000 --concurrency 4 --shapes syntaxError,directive
//   FLOOD_DATABASE_URL=postgres://... npm run flood  the same server on PostgreSQL (no PGlite in its memory)
//
// The rate limit is off in the server it starts (RATE_LIMIT_PER_MINUTE=0): this measures memory, not the limiter.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type FloodShape, floodShapes } from './flood-documents.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '7500' },
    concurrency: { type: 'string', default: '8' },
    size: { type: 'string', default: '95000' },
    shapes: { type: 'string', default: Object.keys(floodShapes).join(',') },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const size = Number(values.size);
const shapes = values.shapes.split(',') as FloodShape[];
for (const shape of shapes)
  if (!(shape in floodShapes)) throw new Error(`no such shape: ${shape} (${Object.keys(floodShapes).join(', ')})`);

/** VmHWM (peak RSS) and VmRSS of a process, in MiB, from /proc (Linux). */
function memoryOf(pid: number): { peakMiB: number; rssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { peakMiB: Math.round(kib('VmHWM') / 1024), rssMiB: Math.round(kib('VmRSS') / 1024) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'flood-'));
// The embedded database unless FLOOD_DATABASE_URL names a server: a DATABASE_URL of the shell is never used by accident.
const { DATABASE_URL: _embeddedOnly, FLOOD_DATABASE_URL: floodDatabase, ...inherited } = process.env;

/** The server on `dataDir`, once it listens. */
async function startServer() {
  const child = spawn(process.execPath, ['--max-semi-space-size=8', 'scripts/start.mjs'], {
    env: {
      ...inherited,
      ...(floodDatabase ? { DATABASE_URL: floodDatabase } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  const port = await new Promise<number>((resolve, reject) => {
    // Every line is read, so the server never blocks on a full pipe; only `listening` matters here.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"msg":"listening"')) resolve(JSON.parse(line).port as number);
    });
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return { pid: child.pid!, port, stop };
}

// The first start loads the starter catalogue, which takes the embedded database's memory far above what a
// running server holds; the flood is measured on a second start, as a server that has been up a while is.
await (await startServer()).stop();
const server = await startServer();

try {
  const { port } = server;
  const url = `http://127.0.0.1:${port}/graphql`;
  const post = async (query: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    await res.arrayBuffer();
    return res.status;
  };

  // A few ordinary requests first, so "before" is a server that has answered something.
  for (let i = 0; i < 20; i++) await post('{ organisations(first: 5) { nodes { name } } }');
  const before = memoryOf(server.pid);
  console.log(`server ${server.pid} on port ${port}, DATA_DIR ${dataDir}`);
  console.log(`before: peak RSS ${before.peakMiB} MiB, RSS ${before.rssMiB} MiB`);

  const statuses = new Map<number, number>();
  let next = 0;
  let bodyBytes = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const query = floodShapes[shapes[n % shapes.length]!](n, size);
      bodyBytes += query.length;
      const status = await post(query);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if ((n + 1) % 1000 === 0) {
        const now = memoryOf(server.pid);
        console.log(`  ${n + 1} sent: peak RSS ${now.peakMiB} MiB, RSS ${now.rssMiB} MiB`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = memoryOf(server.pid);
  console.log(
    `sent ${count} documents (${shapes.join(', ')}; ${(bodyBytes / count / 1000).toFixed(0)} KB on average, ${concurrency} at a time) in ${seconds.toFixed(1)} s`,
  );
  console.log(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`after:  peak RSS ${after.peakMiB} MiB, RSS ${after.rssMiB} MiB`);
  const health = await fetch(`http://127.0.0.1:${port}/readyz`);
  console.log(`/readyz after the flood: ${health.status}`);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
