// A PostgreSQL server that stops answering (an outage, a network partition): requests fail fast with a typed,
// retryable 503 or UNAVAILABLE instead of hanging, /readyz answers within a second, and all is well once it is back.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../src/db.ts';
import { createLogger } from '../src/log.ts';
import { initSecretariat } from '../src/modules/accounts/init-secretariat.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { openTestDatabase, serverUrlOf } from './support/database.ts';
import { postGraphQL } from './support/graphql.ts';
import { eventually } from './support/eventually.ts';

/** Stands between the app and the server; `silent` swallows everything, as a dead network does. */
class FaultyLink {
  silent = false;
  private sockets = new Set<Socket>();
  private server: Server;
  constructor(private target: URL) {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => {});
      if (this.silent) return;
      const upstream = connect(Number(target.port || 5432), target.hostname);
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
  }
  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)));
  }
  /** Cuts every live connection and answers nothing from now on. */
  fail(): void {
    this.silent = true;
    for (const s of this.sockets) s.destroy();
  }
  recover(): void {
    this.silent = false;
  }
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let owner: DbHandle;
let link: FaultyLink | undefined;
let t: TestApp | undefined;
let token = '';
/** What the app logged, as parsed JSON lines. */
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  owner = await openTestDatabase();
  const url = serverUrlOf.get(owner);
  if (!url) return;
  link = new FaultyLink(new URL(url));
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(await link.listen());
  const handle = await createDb({
    DATABASE_URL: proxied.toString(),
    DATABASE_POOL_SIZE: 3,
    DATABASE_CONNECT_TIMEOUT_S: 1,
    DATABASE_STATEMENT_TIMEOUT_MS: 2_000,
  });
  t = await createTestApp({
    handle,
    env: { RATE_LIMIT_PER_MINUTE: '0' },
    logger: createLogger('warn', (line) => logged.push(JSON.parse(line))),
  });
  // A host admin's token, from the service `npm run cli -- init-secretariat` runs.
  const { hosts } = await initSecretariat({ db: handle.db, hosts: [{ host: 'Outage Host', adminEmail: 'admin@outage.example' }] });
  token = hosts[0]!.token.token;
}, 120_000);
afterAll(async () => {
  await t?.close();
  await link?.close();
  await owner.close();
});

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = Date.now();
  const result = await work();
  return [result, Date.now() - started];
};

describe('a database that stops answering', () => {
  it('gets typed, retryable answers within seconds, and full service once it is back', async () => {
    if (!t || !link) {
      // PGlite runs inside this process: there is no network to lose.
      expect(owner.kind).toBe('pglite');
      return;
    }
    const query = '{ topics(first: 1) { totalCount } }';
    expect((await t.graphql(query)).status).toBe(200);

    link.fail();
    const [graphql, graphqlMs] = await timed(async () => postGraphQL(t!.app, { query }, { accept: 'application/json' }));
    const body = (await graphql.json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.[0]?.extensions.code).toBe('UNAVAILABLE');
    expect(graphqlMs).toBeLessThan(5_000);

    // Signed in, the token lookup is the first thing to fail: the same typed answer, in GraphQL's shape.
    const [signedIn, signedInMs] = await timed(async () =>
      postGraphQL(t!.app, { query: '{ me { email } }' }, { accept: 'application/json', authorization: `Bearer ${token}` }),
    );
    expect(signedIn.status).toBe(503);
    expect(signedIn.headers.get('retry-after')).toBe('2');
    expect(await signedIn.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAVAILABLE' } }] });
    expect(signedInMs).toBeLessThan(5_000);

    // The log says why, with the database's own cause.
    const warnings = logged.filter((l) => l.msg === 'database unavailable');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => typeof w.cause === 'string' && (w.cause as string).length > 0)).toBe(true);

    const [ready, readyMs] = await timed(async () => t!.app.request('/readyz'));
    expect(ready.status).toBe(503);
    expect(readyMs).toBeLessThan(1_500);

    const [page, pageMs] = await timed(async () => t!.app.request('/events', { headers: { accept: 'text/html' } }));
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('2');
    expect(pageMs).toBeLessThan(5_000);

    const [feed, feedMs] = await timed(async () => t!.app.request('/changes'));
    expect(feed.status).toBe(503);
    expect(await feed.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(feedMs).toBeLessThan(5_000);

    link.recover();
    await eventually(async () => (await t!.app.request('/readyz')).status === 200, 15_000);
    expect((await t.graphql(query)).status).toBe(200);
    expect((await t.graphql('{ me { email } }', {}, { authorization: `Bearer ${token}` })).body.data).toEqual({
      me: { email: 'admin@outage.example' },
    });
    expect((await t.app.request('/events', { headers: { accept: 'text/html' } })).status).toBe(200);
  }, 120_000);
});
