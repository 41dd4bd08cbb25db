// `npm run bench [-- --scale small|medium|large --duration 10 --connections 10 --only name --skip name,name]`: GraphQL against the raw-SQL ceiling, in one run.
// `--servers 2` (PostgreSQL only): real server processes on one database instead (bench/servers.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
// @ts-expect-error: a plain ESM script without types
import { ensureBuilt } from '../scripts/build.mjs';
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { accounts, apiTokens, memberships, secretariatHosts } from '../schema/editorial.ts';
import { createDb, type DbHandle } from '../src/db.ts';
import { insertToken } from '../src/modules/accounts/account-store.ts';
import { hashToken } from '../src/modules/accounts/tokens.ts';
import { scopesForRole } from '../src/modules/access/permissions.ts';
import { generateCatalogue, scales, type Scale } from './generate.ts';
import { benchPeople, operations, partnerEditsEventName, partnerEditsEventOperation, type Operation } from './operations.ts';
import { signedInReaders } from './readers.ts';
import { variants, type ReaderTokens, type Variant } from './variants.ts';
import { pageOperations } from './pages.ts';
import { recordUnannouncedEntries } from '../src/modules/catalogue/change-log.ts';
import { checkFreshness, type Freshness, type RealServer, startRealServer } from './servers.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    // Operations to leave out, by part of their name, comma-separated (the large snapshot takes minutes).
    skip: { type: 'string' },
    // Downloads of the snapshot, one after another (the large one is a gigabyte).
    downloads: { type: 'string', default: '3' },
    variants: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    // Writes a CPU profile of the server under test into bench/results/ when it stops.
    'cpu-prof': { type: 'boolean', default: false },
    // How many real server processes share the load (PostgreSQL only): see runAcrossServers.
    servers: { type: 'string', default: '1' },
  },
});
const scale = args.scale as Scale;
if (!(scale in scales)) throw new Error(`--scale must be one of ${Object.keys(scales).join(', ')}`);
const duration = Number(args.duration);
const connections = Number(args.connections);
// Variants take turns in short slices: other work on the machine then weighs on each of them alike.
const rounds = Math.max(1, Number(args.rounds));
const databaseUrl = process.env.DATABASE_URL || undefined;
const serverCount = Math.max(1, Math.floor(Number(args.servers)) || 1);
if (serverCount > 1 && !databaseUrl) {
  console.error(
    `--servers ${serverCount} needs PostgreSQL: servers share one database only there (the embedded database belongs to the one ` +
      "process that locks its DATA_DIR). Set DATABASE_URL, or: node scripts/with-postgres.mjs sh -c 'DATABASE_URL=$TEST_DATABASE_URL npm run bench -- --servers 2'",
  );
  process.exit(2);
}
const dataDir = fileURLToPath(new URL(`./.data/${scale}`, import.meta.url));

const writeNames = [partnerEditsEventName];
/** Set once the server is up and the readers are made (main). */
let readerTokens: ReaderTokens = {};
const skipped = (name: string) => (args.skip?.split(',') ?? []).some((part) => part && name.includes(part));
const chosen = (name: string) => (!args.only || name.includes(args.only)) && !skipped(name);
const chosenReads = operations().filter((o) => chosen(o.name));
const wantsWrites = writeNames.some(chosen);
const consoleName = 'console home (signed in)';
const snapshotName = 'catalogue snapshot (NDJSON export)';

/** Generates the catalogue and returns a host admin's token (see hostAdminToken). */
async function prepareDatabase(): Promise<string> {
  // The data folder also keeps the host admin's token when the database is a server's.
  mkdirSync(dataDir, { recursive: true });
  // No statement timeout: at the large scale, building one index or the ANALYZE takes longer than the app's 10 s.
  const handle = await createDb({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DATABASE_STATEMENT_TIMEOUT_MS: 0 });
  let token: string | null;
  try {
    await generateCatalogue({ handle, scale });
    // The generator writes entries as the seed loader does, without the workflow: announced in the change log as
    // the loader announces them, so the change feed has changes to list.
    await handle.db.transaction((tx) => recordUnannouncedEntries(tx as never));
    // Writes and signed-in reads both need the host admin.
    token = await hostAdminToken(handle);
  } finally {
    await handle.close();
  }
  // After closing: the CLI opens the database itself (an embedded one takes a lock).
  return token ?? initSecretariatThroughCli();
}

// The host admin's token is a secret shown once, so it is kept (git-ignored) for the runs after the first.
const tokenFile = fileURLToPath(
  new URL(
    `./.data/host-admin-${databaseUrl ? createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12) : `pglite-${scale}`}.token`,
    import.meta.url,
  ),
);

/**
 * The secretariat's first host is started as an operator starts it, with the CLI. Later runs use
 * the token that printed; should it be lost, the bench's host admin is issued a new one through the
 * account store the CLI itself uses. Null when the secretariat has no host yet.
 */
async function hostAdminToken(handle: DbHandle): Promise<string | null> {
  const db = handle.db;
  const [hosts] = await db.select({ n: count() }).from(secretariatHosts);
  if (!hosts?.n) return null;
  const saved = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '';
  if (saved) {
    const [valid] = await db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(
        and(eq(apiTokens.tokenHash, hashToken(saved)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date().toISOString())),
      );
    if (valid) return saved;
  }
  const [admin] = await db
    .select({ accountId: memberships.accountId, organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .innerJoin(secretariatHosts, eq(secretariatHosts.organisationId, memberships.organisationId))
    .where(and(eq(accounts.email, benchPeople.hostAdmin), eq(memberships.role, 'admin'), isNull(memberships.removedAt)));
  if (!admin)
    throw new Error(
      `This database's secretariat was started without the bench's host admin (${benchPeople.hostAdmin}); the mutation needs a database of its own.`,
    );
  const issued = await insertToken(db, {
    ...admin,
    name: 'Synthetic bench host admin',
    scopes: scopesForRole.admin,
    createdByAccountId: admin.accountId,
  });
  writeFileSync(tokenFile, `${issued.token}\n`, { mode: 0o600 });
  return issued.token;
}

async function initSecretariatThroughCli(): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  if (!databaseUrl) delete env.DATABASE_URL;
  const child = fork(
    fileURLToPath(new URL('../src/cli.ts', import.meta.url)),
    ['init-secretariat', '--host', benchPeople.hostOrganisation, '--admin', benchPeople.hostAdmin],
    { execArgv: ['--import', 'tsx'], env, stdio: 'pipe' },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`init-secretariat failed (${code}): ${err}`);
  const token = out.trim().split('\n').at(-1)!;
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  process.stderr.write(`started the synthetic secretariat with the CLI: ${out.split('\n')[0]}\n`);
  return token;
}

/** The server under test runs as production does: bundled (no tsx loader in memory), with npm start's heap tuning. */
async function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const bundle = await ensureBuilt('bench/server.ts');
  const tuning = fileURLToPath(new URL('../scripts/heap-tuning.mjs', import.meta.url));
  const child = fork(bundle, {
    execArgv: [
      '--max-semi-space-size=8',
      '--import',
      tuning,
      ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('./results/', import.meta.url))}`] : []),
    ],
    env: { ...process.env, BENCH_DATA_DIR: dataDir },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, base: `http://127.0.0.1:${m.port}` }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

const stats = async (base: string) => (await (await fetch(`${base}/__bench/stats`)).json()) as { statements: number; peakRss: number };

/**
 * Parsed and re-serialised, so key order counts but whitespace does not. A write's new revision has
 * its own id and time however it was made: the values of those keys (`differs`) are not compared.
 */
const canonical = (text: string, differs: readonly string[] = [], compareAs?: (body: string) => string) => {
  if (compareAs) return compareAs(text);
  try {
    return JSON.stringify(JSON.parse(text, (key, value) => (differs.includes(key) && value !== null ? '(differs)' : value)));
  } catch {
    return `not JSON: ${text}`;
  }
};

interface Row {
  operation: string;
  variant: string;
  reqPerSec?: number;
  p50?: number;
  p99?: number;
  statementsPerRequest?: number;
  /** Transport errors, timeouts, non-2xx answers and 2xx answers that report an error (GraphQL `errors`, a write's error result). */
  errors?: number;
  peakRssMb?: number;
  sameJsonAsRaw?: boolean;
  ratio?: number;
  note?: string;
  /** The snapshot: its size, and how fast it streamed. */
  mb?: number;
  mbPerSec?: number;
  /** The server's RSS before the snapshot and the most seen while it streamed (sampled every 20 ms). */
  rssBeforeMb?: number;
  rssDuringMb?: number;
  /** --servers: the servers the load was spread across, and whether they all answered with the same JSON. */
  servers?: number;
  sameJsonAcrossServers?: boolean;
  /** --servers: writes read back through another server while the load ran (see bench/servers.ts checkFreshness). */
  checks?: number;
  cachedBefore?: number;
  lagP50Ms?: number;
  lagMaxMs?: number;
  stale?: number;
}

type Request = ReturnType<Variant['request']>;

/** The body of one request: a write's next variables, or the operation's own. */
const bodyWith = (op: Operation, variables: Record<string, unknown>) => JSON.stringify({ query: op.document, variables });

/**
 * autocannon's options for one run. A read's answer must carry no GraphQL `errors`; a write builds
 * each request anew and counts every answer that is not its success result.
 */
function load(base: string, op: Operation, request: Request, seconds: number, failed: { count: number }): autocannon.Options {
  const options = { url: base + request.path, connections, duration: seconds, ...request.init };
  const write = op.write;
  if (!write) return { ...options, verifyBody: (body) => !String(body).includes('"errors"') };
  type Context = { settle?: (body: string) => boolean };
  return {
    ...options,
    requests: [
      {
        setupRequest: (req, context: Context) => {
          const next = write.next();
          context.settle = next.settle;
          return { ...req, body: bodyWith(op, next.variables) };
        },
        onResponse: (status, body, context: Context) => {
          // Settled whatever the status, so the entry is free again; non-2xx answers autocannon counts itself.
          if (!context.settle?.(body) && status < 300 && failed.count++ === 0)
            process.stderr.write(`! ${op.name}: a write failed: ${body.slice(0, 300)}\n`);
        },
      },
    ],
  } as autocannon.Options;
}

/** One slice of load; statements per request come from the server's own counter. */
async function slice(base: string, op: Operation, request: Request, seconds: number) {
  await op.write?.refresh();
  const failed = { count: 0 };
  const before = await stats(base);
  const result = await autocannon(load(base, op, request, seconds, failed));
  const after = await stats(base);
  return { result, failed: failed.count, statements: after.statements - before.statements, peakRss: after.peakRss };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each variant in turn for duration/rounds seconds, `rounds` times; req/s is the total over the time. */
async function measureInTurns(base: string, op: Operation, requests: Request[]) {
  for (const request of requests) await slice(base, op, request, 1); // warm-up
  const slices = requests.map(() => [] as Awaited<ReturnType<typeof slice>>[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, request] of requests.entries()) slices[i]!.push(await slice(base, op, request, duration / rounds));
  }
  return slices.map((runs) => {
    const requests = runs.reduce((n, r) => n + r.result.requests.total, 0);
    return {
      reqPerSec: Math.round(requests / duration),
      p50: median(runs.map((r) => r.result.latency.p50)),
      p99: Math.max(...runs.map((r) => r.result.latency.p99)),
      statementsPerRequest: Math.round((runs.reduce((n, r) => n + r.statements, 0) / Math.max(requests, 1)) * 100) / 100,
      errors: runs.reduce((n, r) => n + r.result.errors + r.result.non2xx + r.result.timeouts + r.result.mismatches + r.failed, 0),
      peakRssMb: Math.round(Math.max(...runs.map((r) => r.peakRss)) / 1e6),
    };
  });
}

/**
 * Statements per write, from writes sent one at a time: under load, the writes still in flight when a
 * slice ends are counted by the server without their answers, which for a slow write skews the figure.
 */
async function statementsPerWrite(base: string, op: Operation, request: Request, writes = 10): Promise<number> {
  await op.write!.refresh();
  const before = await stats(base);
  for (let i = 0; i < writes; i++) {
    const next = op.write!.next();
    const answer = await (await fetch(base + request.path, { ...request.init, body: bodyWith(op, next.variables) })).text();
    if (!next.settle(answer)) throw new Error(`${op.name}: a write failed: ${answer.slice(0, 300)}`);
  }
  return Math.round((((await stats(base)).statements - before.statements) / writes) * 100) / 100;
}

/** One answer to compare with the raw route's: a write sends the same edit from the same state each time. */
async function sample(base: string, op: Operation, request: Request): Promise<string> {
  const init = op.write ? { ...request.init, body: bodyWith(op, await op.write.sample()) } : request.init;
  return (await fetch(base + request.path, init)).text();
}

async function measure(base: string, op: Operation, rows: Row[]) {
  const all = variants(readerTokens).filter((v) => !args.variants || args.variants.split(',').includes(v.name));
  const chosen = all.filter((v) => !v.skip?.(op));
  const rawVariant = variants().find((v) => v.name === 'raw-sql')!;
  const raw = await sample(base, op, rawVariant.request(op));
  const compareAs = op.page?.compareAs;
  const requests = chosen.map((variant) => variant.request(op));
  const same: boolean[] = [];
  for (const [i, request] of requests.entries()) {
    const answer = await sample(base, op, request);
    // A write's answers must also be its success result: two equal errors are no proof.
    same.push(
      canonical(answer, op.write?.differs, compareAs) === canonical(raw, op.write?.differs, compareAs) &&
        canonical(raw, [], compareAs) !== '' &&
        (!op.write || op.write.succeeded(answer)),
    );
    if (!same[i])
      console.error(
        `! ${op.name} / ${chosen[i]!.name}: JSON differs from the raw route\n  ${answer.slice(0, 300)}\n  ${raw.slice(0, 300)}`,
      );
  }
  const measured = await measureInTurns(base, op, requests);
  if (op.write)
    for (const [i, request] of requests.entries()) measured[i]!.statementsPerRequest = await statementsPerWrite(base, op, request);
  const rawRate = measured[chosen.findIndex((v) => v.name === 'raw-sql')]?.reqPerSec ?? 0;
  for (const variant of all) {
    const i = chosen.indexOf(variant);
    if (i < 0) {
      rows.push({ operation: op.name, variant: variant.name, note: variant.skip!(op) });
      continue;
    }
    const m = measured[i]!;
    rows.push({
      operation: op.name,
      variant: variant.name,
      ...m,
      sameJsonAsRaw: same[i]!,
      ratio: rawRate ? Math.round((m.reqPerSec / rawRate) * 100) / 100 : undefined,
      note: variant.about?.(op),
    });
    process.stderr.write(`${op.name} / ${variant.name}: ${m.reqPerSec} req/s\n`);
  }
}

/**
 * The catalogue snapshot, downloaded whole a few times one after another (the embedded database serves one at a
 * time): MB/s, and the server's RSS before and while it streams, which stays bounded if the snapshot streams.
 */
async function measureSnapshot(base: string, rows: Row[], downloads = 3) {
  const before = await stats(base);
  let rssDuring = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const s = (await (await fetch(`${base}/__bench/stats`)).json()) as { rss: number };
      rssDuring = Math.max(rssDuring, s.rss);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  let bytes = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < downloads; i++) {
      const res = await fetch(`${base}/export/catalogue.ndjson`);
      if (res.status !== 200) throw new Error(`snapshot answered ${res.status}: ${await res.text()}`);
      for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
    }
  } finally {
    sampling = false;
    await sampler;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await stats(base);
  const mb = bytes / downloads / 1e6;
  rows.push({
    operation: snapshotName,
    variant: 'stream',
    mb: Math.round(mb * 100) / 100,
    mbPerSec: Math.round((bytes / 1e6 / seconds) * 10) / 10,
    rssBeforeMb: Math.round((before as unknown as { rss: number }).rss / 1e6),
    rssDuringMb: Math.round(rssDuring / 1e6),
    peakRssMb: Math.round(after.peakRss / 1e6),
    statementsPerRequest: Math.round(((after.statements - before.statements) / downloads) * 100) / 100,
    note: `${downloads} downloads one after another`,
  });
  process.stderr.write(`${snapshotName}: ${(bytes / 1e6 / seconds).toFixed(1)} MB/s\n`);
}

/** One autocannon run against one server; a read's answer must carry no GraphQL `errors`. */
const cannon = (base: string, request: Request, seconds: number, conns: number) =>
  autocannon({
    url: base + request.path,
    connections: conns,
    duration: seconds,
    ...request.init,
    verifyBody: (b) => !String(b).includes('"errors"'),
  });

/**
 * Each anonymous read, uncached (compiled) and cached, in turns: every connection on the first server, then the same
 * connections split evenly across all of them (one load generator per server, their req/s summed; p50 and p99 are
 * the higher of the servers'). Meanwhile writes go through one server and are read back through another.
 */
async function runAcrossServers(hostAdminToken: string) {
  const servers: RealServer[] = [];
  const rows: Row[] = [];
  let freshness: Freshness | undefined;
  try {
    for (let i = 0; i < serverCount; i++) servers.push(await startRealServer({ DATABASE_URL: databaseUrl! }));
    const readers = await signedInReaders({ base: servers[0]!.base, hostAdminToken });
    let running = true;
    const probe = checkFreshness({ servers, authorToken: readers.partner, reviewerToken: hostAdminToken, running: () => running });
    try {
      const each = Math.max(1, Math.round(connections / serverCount));
      const spread = async (request: Request, seconds: number) => {
        const results = await Promise.all(servers.map((s) => cannon(s.base, request, seconds, each)));
        return {
          requests: results.reduce((n, r) => n + r.requests.total, 0),
          p50: Math.max(...results.map((r) => r.latency.p50)),
          p99: Math.max(...results.map((r) => r.latency.p99)),
          errors: results.reduce((n, r) => n + r.errors + r.non2xx + r.timeouts + r.mismatches, 0),
        };
      };
      const alone = async (request: Request, seconds: number) => {
        const r = await cannon(servers[0]!.base, request, seconds, connections);
        return {
          requests: r.requests.total,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.non2xx + r.timeouts + r.mismatches,
        };
      };
      for (const op of chosenReads) {
        for (const name of ['compiled', 'cached']) {
          const request = variants()
            .find((v) => v.name === name)!
            .request(op);
          const answers = await Promise.all(servers.map(async (s) => (await fetch(s.base + request.path, request.init)).text()));
          const same = answers.every((a) => canonical(a) === canonical(answers[0]!)) && !answers[0]!.includes('"errors"');
          if (!same)
            console.error(
              `! ${op.name} / ${name}: the servers answered differently\n  ${answers.map((a) => a.slice(0, 200)).join('\n  ')}`,
            );
          await alone(request, 1);
          await spread(request, 1);
          const turns = { alone: [] as Awaited<ReturnType<typeof alone>>[], spread: [] as Awaited<ReturnType<typeof spread>>[] };
          for (let round = 0; round < rounds; round++) {
            turns.alone.push(await alone(request, duration / rounds));
            turns.spread.push(await spread(request, duration / rounds));
          }
          const summary = (runs: typeof turns.alone) => ({
            reqPerSec: Math.round(runs.reduce((n, r) => n + r.requests, 0) / duration),
            p50: median(runs.map((r) => r.p50)),
            p99: Math.max(...runs.map((r) => r.p99)),
            errors: runs.reduce((n, r) => n + r.errors, 0),
          });
          const one = summary(turns.alone);
          const all = summary(turns.spread);
          const peakRssMb = Math.round(Math.max(...servers.map((s) => s.peakRss() ?? 0)) / 1e6) || undefined;
          rows.push({ operation: op.name, variant: `${name}, 1 server`, servers: 1, ...one, sameJsonAcrossServers: same });
          rows.push({
            operation: op.name,
            variant: `${name}, ${serverCount} servers`,
            servers: serverCount,
            ...all,
            ...(peakRssMb ? { peakRssMb } : {}),
            sameJsonAcrossServers: same,
            ratio: one.reqPerSec ? Math.round((all.reqPerSec / one.reqPerSec) * 100) / 100 : undefined,
          });
          process.stderr.write(`${op.name} / ${name}: ${one.reqPerSec} req/s on 1 server, ${all.reqPerSec} on ${serverCount}\n`);
        }
      }
    } finally {
      running = false;
      freshness = await probe;
      await readers.finish();
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  const lags = [...freshness.lagsMs].sort((a, b) => a - b);
  rows.push({
    operation: 'a write read back through another server',
    variant: `${serverCount} servers`,
    servers: serverCount,
    checks: freshness.checks,
    cachedBefore: freshness.cachedBefore,
    ...(lags.length ? { lagP50Ms: Math.round(median(lags)), lagMaxMs: Math.round(lags.at(-1)!) } : {}),
    stale: freshness.stale,
    note: 'approved through one server, then asked anonymously (through its response cache) of the next until it answers with it',
  });
  return rows;
}

async function main() {
  const hostAdminToken = await prepareDatabase();
  if (serverCount > 1) return report(await runAcrossServers(hostAdminToken));
  const pages = pageOperations({}).filter((o) => chosen(o.name));
  const { child, base } = await startServer();
  const rows: Row[] = [];
  try {
    // The snapshot first: the server's RSS has not yet grown under the load of the rest.
    if (chosen(snapshotName)) await measureSnapshot(base, rows, Math.max(1, Number(args.downloads)));
    const readers = await signedInReaders({ base, hostAdminToken });
    readerTokens = readers;
    try {
      for (const op of [...chosenReads, ...pages]) await measure(base, op, rows);
    } finally {
      await readers.finish();
    }
    if (wantsWrites) {
      // Set up in this run, on this database, through the API: see partnerEditsEventOperation.
      const op = await partnerEditsEventOperation({ base, hostAdminToken, connections });
      try {
        await measure(base, op, rows);
      } finally {
        await op.write!.finish();
      }
    }
    // The partner's admin, whose organisation the write's setup made maintainer of draft events: their console home lists them.
    if (chosen(consoleName)) {
      const res = await fetch(`${base}/__bench/console-session?email=${encodeURIComponent(benchPeople.partnerAdmin)}`, { method: 'POST' });
      if (res.ok) {
        const op = pageOperations({ consoleCookie: await res.text() }).find((o) => o.name === consoleName)!;
        await measure(base, op, rows);
      } else rows.push({ operation: consoleName, variant: 'page', note: `not measured: ${await res.text()}` });
    }
  } finally {
    child.send('stop');
  }
  report(rows);
}

function report(rows: Row[]) {
  const meta = {
    scale,
    database: databaseUrl ? 'postgres' : 'pglite',
    duration,
    rounds,
    connections,
    ...(serverCount > 1 ? { servers: serverCount } : {}),
    node: process.version,
    // The machine's 1, 5 and 15 minute load averages as the run ends: figures from a busy machine read lower.
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    at: new Date().toISOString(),
  };
  console.log(
    `\nscale ${scale} on ${meta.database}${serverCount > 1 ? ` across ${serverCount} servers` : ''}, ${connections} connections, ${duration} s per measurement (in ${rounds} turns), load average ${meta.loadAverage.join(' ')}\n`,
  );
  console.table(rows.map((r) => ({ ...r, ratio: r.ratio ?? '', note: r.note ?? '' })));
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${meta.at.replace(/[:.]/g, '-')}-${scale}-${meta.database}${serverCount > 1 ? `-${serverCount}-servers` : ''}.json`;
  writeFileSync(file, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
  console.log(`results: ${file}`);
}

await main();
