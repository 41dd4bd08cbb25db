// `npm run bench -- --servers 2` (PostgreSQL only): real server processes on one database, load spread across them,
// and a write through one read back through another while the load runs (how long until the other serves it).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../tests/support/free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface RealServer {
  base: string;
  child: ChildProcess;
  /** The most resident memory the process has had (VmHWM), in bytes; undefined where /proc is not there. */
  peakRss(): number | undefined;
  stop(): Promise<void>;
}

/**
 * The server as `npm start` runs it (scripts/start.mjs: the bundle, its heap tuning), with the environment an
 * operator would give each of N servers: the same DATABASE_URL, a port and a DATA_DIR (the mail outbox) of its own.
 * Rate limiting is off, as in every bench run: the load generator is one client. Ready once /readyz answers 200.
 */
export async function startRealServer(env: Record<string, string>): Promise<RealServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ed-bench-server-'));
  const child = spawn(process.execPath, ['--max-semi-space-size=8', 'scripts/start.mjs'], {
    cwd: root,
    // warn: a line per request at info would put the log's cost into the figures; the single-server bench logs nothing.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEED_ON_START: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  for (const deadline = Date.now() + 120_000; ; ) {
    if (gone !== undefined) throw new Error(`a bench server exited (${gone}) before it was ready`);
    if (Date.now() > deadline) throw new Error('a bench server was not ready within 120 s');
    try {
      if ((await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1_000) })).status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    child,
    peakRss: () => {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Gql = (base: string, document: string, variables: Record<string, unknown>, token?: string) => Promise<any>;

/** A GraphQL POST, failing loudly on errors and on a typed error result (the setup and the writes must succeed). */
const gql: Gql = async (base, document, variables, token) => {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown };
  const result = body.data && Object.values(body.data)[0];
  if (!res.ok || body.errors || (result?.__typename && result.__typename !== 'EditResult'))
    throw new Error(`bench freshness: ${document.slice(0, 60)}… answered ${res.status} ${JSON.stringify(body)}`);
  return result;
};

const edit = `... on EditResult { entryId slug revision { id } }`;
const create = `mutation($input: OrganisationInput!) { r: createOrganisation(input: $input) { __typename ${edit} } }`;
const update = `mutation($id: ID!, $base: ID, $input: OrganisationInput!) { r: updateOrganisation(id: $id, baseRevisionId: $base, input: $input) { __typename ${edit} } }`;
const submit = `mutation($id: ID!, $base: ID) { r: submit(id: $id, baseRevisionId: $base) { __typename ${edit} } }`;
const approve = `mutation($id: ID!, $base: ID) { r: approve(id: $id, baseRevisionId: $base) { __typename ${edit} } }`;
const read = `query BenchFreshness($slug: String!) { organisation(slug: $slug) { name description } }`;

export interface Freshness {
  /** Writes published through one server and read back through another. */
  checks: number;
  /** Of those, the reader's cached answer was the old one just before the write (so its cache had to hear of it). */
  cachedBefore: number;
  /** Milliseconds from the approval's answer to the other server's first answer holding it. */
  lagsMs: number[];
  /** Not seen by the other server within `giveUpMs`. */
  stale: number;
}

/**
 * While `running()`: an author (the bench: a partner's contributor) edits an organisation's description through one
 * server and a reviewer (a host admin) approves it there (the editorial workflow: the public sees only approved text); the other server is then asked, as
 * an anonymous reader would ask (through its response cache), until it answers with the new text. Servers take turns
 * as writer and reader.
 */
export async function checkFreshness(o: {
  servers: readonly RealServer[];
  authorToken: string;
  reviewerToken: string;
  running: () => boolean;
  giveUpMs?: number;
  /** Between checks: each approval empties the cached answers that hold the organisation, a cost the load would feel. */
  pauseMs?: number;
}): Promise<Freshness> {
  const giveUpMs = o.giveUpMs ?? 5_000;
  const [first] = o.servers;
  const run = Date.now().toString(36);
  const created = await gql(first!.base, create, { input: { name: `Synthetic freshness probe ${run}`, kind: 'CHARITY' } }, o.authorToken);
  const submitted = await gql(first!.base, submit, { id: created.entryId, base: created.revision.id }, o.authorToken);
  let head = (await gql(first!.base, approve, { id: created.entryId, base: submitted.revision.id }, o.reviewerToken)).revision.id as string;
  const slug = created.slug as string;
  const anonymous = async (base: string) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: read, variables: { slug } }),
    });
    const body = (await res.json()) as { data?: { organisation: { description: string | null } | null } };
    return { description: body.data?.organisation?.description, cache: res.headers.get('x-cache') };
  };
  const result: Freshness = { checks: 0, cachedBefore: 0, lagsMs: [], stale: 0 };
  for (let i = 0; o.running(); i++) {
    const writer = o.servers[i % o.servers.length]!;
    const reader = o.servers[(i + 1) % o.servers.length]!;
    // The reader's cache holds the entry as it stands before the write.
    await anonymous(reader.base);
    const before = await anonymous(reader.base);
    const description = `Synthetic freshness check ${run}-${i}`;
    const proposed = await gql(writer.base, update, { id: created.entryId, base: head, input: { description } }, o.authorToken);
    const sent = await gql(writer.base, submit, { id: created.entryId, base: proposed.revision.id }, o.authorToken);
    const approved = await gql(writer.base, approve, { id: created.entryId, base: sent.revision.id }, o.reviewerToken);
    const at = performance.now();
    head = approved.revision.id;
    result.checks++;
    if (before.cache === 'HIT' && before.description !== description) result.cachedBefore++;
    for (;;) {
      if ((await anonymous(reader.base)).description === description) {
        result.lagsMs.push(performance.now() - at);
        break;
      }
      if (performance.now() - at > giveUpMs) {
        result.stale++;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, o.pauseMs ?? 250));
  }
  return result;
}
