// The real server process: errors Node's HTTP layer answers before the app, and stopping on SIGTERM without losing a request.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const dirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ed-process-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  o: { path?: string; method?: string; headers?: Record<string, string>; agent?: Agent; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: o.path ?? '/', method: o.method ?? 'GET', headers: o.headers, agent: o.agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Raw bytes on a socket, for what no HTTP client will send; resolves with everything the server wrote back. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

const json = (a: Answer) => {
  expect(a.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(a.body) as { error: { code: string; message: string } };
};

describe('errors answered before the app sees the request', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer(newDataDir());
  }, 60_000);
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('headers too large: 431, as JSON with a code', async () => {
    const res = await send(server.port, { path: '/healthz', headers: { 'x-padding': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(json(res).error).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/limited to 16384 bytes/) });
  });

  it('an address too long (Node sends 431, never 414): JSON with a code', async () => {
    const res = await send(server.port, { path: `/events?q=${'a'.repeat(20_000)}` });
    expect(res.status).toBe(431);
    expect(json(res).error.code).toBe('HEADERS_TOO_LARGE');
  });

  it('a request that is not HTTP: 400, as JSON with a code', async () => {
    const answer = await raw(server.port, 'NOT HTTP AT ALL\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(body!).error.code).toBe('INVALID_INPUT');
  });

  it('no route, a method a route does not take, and a body too large: JSON with a code too', async () => {
    expect(json(await send(server.port, { path: '/no-such-page', headers: { accept: 'application/json' } })).error.code).toBe('NOT_FOUND');
    const wrongMethod = await send(server.port, { path: '/feeds/events.atom', method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
    expect(json(wrongMethod).error.code).toBe('NOT_FOUND');
    const big = await send(server.port, {
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: `{ __typename }${' '.repeat(200_000)}` }),
    });
    expect(big.status).toBe(413);
    expect(json(big).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

/**
 * Waits until the server answers promptly. Just after it starts (a first start is now as quick as a restart) its
 * event loop can be busy for hundreds of milliseconds on a loaded machine (measured; likely the embedded database
 * still in baseline-compiled WebAssembly, and the workers' first rounds). The
 * races below send a request's first bytes a few hundred milliseconds before the signal; if the loop reads the
 * signal first, the connection looks idle and is closed, which is what a restarted server would do too.
 */
async function settled(port: number) {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const started = performance.now();
    await send(port, { path: '/readyz' });
    if (performance.now() - started < 50) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('stopping on SIGTERM', () => {
  it('SHUTDOWN_TIMEOUT_MS is validated at start, naming the variable', () => {
    expect(loadConfig({}).SHUTDOWN_TIMEOUT_MS).toBe(10_000);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: 'soon' })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });

  it('finishes the request in flight, turns away a busy keep-alive client, closes the database and exits 0', async () => {
    const dataDir = newDataDir();
    const server = await startServer(dataDir, { SHUTDOWN_TIMEOUT_MS: '5000' });
    await settled(server.port);
    // A client that keeps its one connection busy: before the fix its connection never fell idle, so the
    // server waited for it until a forced exit(1) that left the database open.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let busy = true;
    const busyAnswers: number[] = [];
    const traffic = (async () => {
      while (busy) {
        try {
          busyAnswers.push((await send(server.port, { path: '/healthz', agent })).status);
        } catch {
          busy = false; // refused: the server has stopped accepting, as it should
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 300));

    // A request in flight: its headers and half its body are sent before the signal, the rest after it.
    const query = JSON.stringify({ query: '{ __typename }' });
    const inFlight = new Promise<Answer>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(query) },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.write(query.slice(0, 5));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(query.slice(5)), 700);
      }, 200);
    });
    const signalledAt = Date.now() + 200;

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
    const exit = await server.exited;
    busy = false;
    await traffic;
    agent.destroy();
    expect(exit).toEqual({ code: 0, signal: null });
    // Soon after the last answer (0.7 s after the signal), not after Node's 5 s keep-alive timeout, which is how long
    // the server waited before the fix for a kept-alive connection to go away by itself.
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
    expect(busyAnswers.length).toBeGreaterThan(0);
    expect(busyAnswers.every((s) => s === 200)).toBe(true);
    expect(server.logs.find((l) => l.msg === 'stopped')).toMatchObject({ outcome: 'clean' });
    // The database was closed, lock and all: it opens again at once.
    const reopened = await createDb({ DATA_DIR: dataDir });
    await reopened.close();
  }, 60_000);

  it('answers /readyz with 503 once shutdown has begun, so a load balancer stops sending traffic here', async () => {
    const server = await startServer(newDataDir(), { SHUTDOWN_TIMEOUT_MS: '5000' });
    await settled(server.port);
    expect((await send(server.port, { path: '/readyz' })).status).toBe(200);
    // A probe whose request line is sent before the signal and the rest after it: its connection is not idle, so
    // it is answered rather than closed, by a server that has begun stopping.
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => {
      answer += d;
    });
    const ended = new Promise((resolve) => socket.once('close', resolve));
    socket.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    while (!server.logs.some((l) => l.msg === 'shutting down')) await new Promise((r) => setTimeout(r, 20));
    socket.write('\r\n');
    await ended;
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(JSON.parse(body!)).toEqual({ status: 'stopping', database: 'pglite' });
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('cuts off a request still running at the deadline, closes the database all the same and exits 1', async () => {
    const dataDir = newDataDir();
    const server = await startServer(dataDir, { SHUTDOWN_TIMEOUT_MS: '1000' });
    await settled(server.port);
    const stuck = new Promise<string>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '100' },
      });
      req.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? 'error'));
      req.on('response', () => resolve('answered'));
      req.write('{"qu'); // and never the rest
    });
    await new Promise((r) => setTimeout(r, 300));
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(Date.now() - signalledAt).toBeLessThan(4_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(await stuck).toBe('ECONNRESET');
    expect(server.logs.find((l) => l.msg === 'stopped')).toMatchObject({ outcome: 'forced' });
    const reopened = await createDb({ DATA_DIR: dataDir });
    await reopened.close();
  }, 60_000);
});

describe('a first start', () => {
  it('says what it is doing while it prepares a new DATA_DIR (schema, starter catalogue), and nothing of it on a restart', async () => {
    const dataDir = newDataDir();
    const first = await startServer(dataDir, { SEED_ON_START: 'true' });
    first.child.kill('SIGTERM');
    await first.exited;
    const before = first.logs.slice(
      0,
      first.logs.findIndex((l) => l.msg === 'listening'),
    );
    const steps = before.map((l) => String(l.msg)).filter((m) => m.startsWith('Preparing the database (first start): '));
    // The schema (from the database built at install, or initdb and each migration without it), then the catalogue.
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps[0]).toMatch(/loading the schema built at install|creating the database files/);
    expect(steps.at(-1)).toBe('Preparing the database (first start): loading the starter catalogue…');
    expect(before.find((l) => l.msg === 'seeded the starter catalogue')).toMatchObject({ inserted: expect.any(Number) });

    const again = await startServer(dataDir, { SEED_ON_START: 'true' });
    again.child.kill('SIGTERM');
    await again.exited;
    expect(again.logs.filter((l) => String(l.msg).startsWith('Preparing the database'))).toEqual([]);
  }, 120_000);
});
