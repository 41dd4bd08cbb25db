// `npm run bench [-- --scale small|medium|large --duration 10 --connections 10 --only name]`: GraphQL against the raw-SQL ceiling, in one run.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDb } from '../src/db.ts';
import { generateCatalogue, scales, type Scale } from './generate.ts';
import { operations } from './operations.ts';
import { variants, type Variant } from './variants.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    variants: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const scale = args.scale as Scale;
if (!(scale in scales)) throw new Error(`--scale must be one of ${Object.keys(scales).join(', ')}`);
const duration = Number(args.duration);
const connections = Number(args.connections);
// Variants take turns in short slices: other work on the machine then weighs on each of them alike.
const rounds = Math.max(1, Number(args.rounds));
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = fileURLToPath(new URL(`./.data/${scale}`, import.meta.url));

async function prepareDatabase() {
  if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
  const handle = await createDb({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
  try {
    await generateCatalogue({ handle, scale });
  } finally {
    await handle.close();
  }
}

function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATA_DIR: dataDir },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, base: `http://127.0.0.1:${m.port}` }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

const stats = async (base: string) => (await (await fetch(`${base}/__bench/stats`)).json()) as { statements: number; peakRss: number };

/** Parsed and re-serialised, so key order counts but whitespace does not. */
const canonical = (text: string) => JSON.stringify(JSON.parse(text));

interface Row {
  operation: string;
  variant: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  statementsPerRequest: number;
  errors: number;
  peakRssMb: number;
  sameJsonAsRaw: boolean;
  ratio?: number;
}

type Request = ReturnType<Variant['request']>;

/** One slice of load; statements per request come from the server's own counter. */
async function slice(base: string, request: Request, seconds: number) {
  const before = await stats(base);
  const result = await autocannon({ url: base + request.path, connections, duration: seconds, ...request.init });
  const after = await stats(base);
  return { result, statements: after.statements - before.statements, peakRss: after.peakRss };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each variant in turn for duration/rounds seconds, `rounds` times; req/s is the total over the time. */
async function measureInTurns(base: string, requests: Request[]) {
  for (const request of requests) await autocannon({ url: base + request.path, connections, duration: 1, ...request.init }); // warm-up
  const slices = requests.map(() => [] as Awaited<ReturnType<typeof slice>>[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, request] of requests.entries()) slices[i]!.push(await slice(base, request, duration / rounds));
  }
  return slices.map((runs) => {
    const requests = runs.reduce((n, r) => n + r.result.requests.total, 0);
    return {
      reqPerSec: Math.round(requests / duration),
      p50: median(runs.map((r) => r.result.latency.p50)),
      p99: Math.max(...runs.map((r) => r.result.latency.p99)),
      statementsPerRequest: Math.round((runs.reduce((n, r) => n + r.statements, 0) / Math.max(requests, 1)) * 100) / 100,
      errors: runs.reduce((n, r) => n + r.result.errors + r.result.non2xx + r.result.timeouts, 0),
      peakRssMb: Math.round(Math.max(...runs.map((r) => r.peakRss)) / 1e6),
    };
  });
}

async function main() {
  await prepareDatabase();
  const { child, base } = await startServer();
  const rows: Row[] = [];
  try {
    const chosen = variants().filter((v) => !args.variants || args.variants.split(',').includes(v.name));
    for (const op of operations().filter((o) => !args.only || o.name.includes(args.only))) {
      const raw = await (await fetch(base + op.raw)).text();
      const requests = chosen.map((variant) => variant.request(op));
      const same: boolean[] = [];
      for (const [i, request] of requests.entries()) {
        const sample = await (await fetch(base + request.path, request.init)).text();
        same.push(canonical(sample) === canonical(raw));
        if (!same[i]) console.error(`! ${op.name} / ${chosen[i]!.name}: JSON differs from the raw route\n  ${sample.slice(0, 300)}\n  ${raw.slice(0, 300)}`);
      }
      const measured = await measureInTurns(base, requests);
      const rawRate = measured[chosen.findIndex((v) => v.name === 'raw-sql')]?.reqPerSec ?? 0;
      for (const [i, m] of measured.entries()) {
        rows.push({ operation: op.name, variant: chosen[i]!.name, ...m, sameJsonAsRaw: same[i]!, ratio: rawRate ? Math.round((m.reqPerSec / rawRate) * 100) / 100 : undefined });
        process.stderr.write(`${op.name} / ${chosen[i]!.name}: ${m.reqPerSec} req/s\n`);
      }
    }
  } finally {
    child.send('stop');
  }
  const meta = { scale, database: databaseUrl ? 'postgres' : 'pglite', duration, rounds, connections, node: process.version, at: new Date().toISOString() };
  console.log(`\nscale ${scale} on ${meta.database}, ${connections} connections, ${duration} s per measurement (in ${rounds} turns)\n`);
  console.table(rows.map((r) => ({ ...r, ratio: r.ratio ?? '' })));
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${meta.at.replace(/[:.]/g, '-')}-${scale}-${meta.database}.json`;
  writeFileSync(file, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
  console.log(`results: ${file}`);
}

await main();
