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
  },
});
const scale = args.scale as Scale;
if (!(scale in scales)) throw new Error(`--scale must be one of ${Object.keys(scales).join(', ')}`);
const duration = Number(args.duration);
const connections = Number(args.connections);
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

async function measure(base: string, variant: Variant, request: ReturnType<Variant['request']>) {
  await autocannon({ url: base + request.path, connections, duration: 1, ...request.init }); // warm-up
  const before = await stats(base);
  const result = await autocannon({ url: base + request.path, connections, duration, ...request.init });
  const after = await stats(base);
  const requests = result.requests.total;
  return {
    variant: variant.name,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statementsPerRequest: Math.round(((after.statements - before.statements) / Math.max(requests, 1)) * 100) / 100,
    errors: result.errors + result.non2xx + result.timeouts,
    peakRssMb: Math.round(after.peakRss / 1e6),
  };
}

async function main() {
  await prepareDatabase();
  const { child, base } = await startServer();
  const rows: Row[] = [];
  try {
    const chosen = variants().filter((v) => !args.variants || args.variants.split(',').includes(v.name));
    for (const op of operations().filter((o) => !args.only || o.name.includes(args.only))) {
      const raw = await (await fetch(base + op.raw)).text();
      let rawRate = 0;
      for (const variant of chosen) {
        const request = variant.request(op);
        const sample = await (await fetch(base + request.path, request.init)).text();
        const same = canonical(sample) === canonical(raw);
        if (!same) console.error(`! ${op.name} / ${variant.name}: JSON differs from the raw route\n  ${sample.slice(0, 300)}\n  ${raw.slice(0, 300)}`);
        const row = { operation: op.name, ...(await measure(base, variant, request)), sameJsonAsRaw: same };
        if (variant.name === 'raw-sql') rawRate = row.reqPerSec;
        rows.push({ ...row, ratio: rawRate ? Math.round((row.reqPerSec / rawRate) * 100) / 100 : undefined });
        process.stderr.write(`${op.name} / ${variant.name}: ${row.reqPerSec} req/s\n`);
      }
    }
  } finally {
    child.send('stop');
  }
  const meta = { scale, database: databaseUrl ? 'postgres' : 'pglite', duration, connections, node: process.version, at: new Date().toISOString() };
  console.log(`\nscale ${scale} on ${meta.database}, ${connections} connections, ${duration} s per measurement\n`);
  console.table(rows.map((r) => ({ ...r, ratio: r.ratio ?? '' })));
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${meta.at.replace(/[:.]/g, '-')}-${scale}-${meta.database}.json`;
  writeFileSync(file, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
  console.log(`results: ${file}`);
}

await main();
