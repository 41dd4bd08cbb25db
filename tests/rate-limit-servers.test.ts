// Several servers of one PostgreSQL give a client one budget, not one each: counts are shared through the database.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { createDb, type DbHandle } from '../src/db.ts';
import { SharedRateStore } from '../src/http/shared-rate-store.ts';
import { createLogger } from '../src/log.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { openTestDatabase, serverUrlOf } from './support/database.ts';

const BUDGET = 8;
const SYNC_MS = 50;
const env = { RATE_LIMIT_PER_MINUTE: String(BUDGET), RATE_LIMIT_SYNC_MS: String(SYNC_MS) };
let owner: DbHandle;
let second: DbHandle | undefined;
let servers: TestApp[] = [];

beforeAll(async () => {
  owner = await openTestDatabase();
  const url = serverUrlOf.get(owner);
  servers = [await createTestApp({ handle: owner, env })];
  if (url) {
    second = await createDb({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 });
    servers.push(await createTestApp({ handle: second, env }));
  }
});
afterAll(async () => {
  await second?.close();
  await owner.close();
});

/** A request with a made-up token from `address`, as @hono/node-server hands the socket to the app. */
async function randomToken(t: TestApp, address: string): Promise<number> {
  const res = await t.app.request(
    '/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ed_${randomBytes(16).toString('hex')}` },
      body: JSON.stringify({ query: '{ topics(first: 1) { totalCount } }' }),
    },
    { incoming: { socket: { remoteAddress: address } } },
  );
  return res.status;
}

/** How many were answered before the first 429, and whether every later one was refused too. */
function answeredBefore429(statuses: number[]) {
  const first = statuses.indexOf(429);
  return { answered: first, allRefusedAfter: first >= 0 && statuses.slice(first).every((s) => s === 429) };
}

test('random tokens split between two servers stop at the one budget once the servers have synced', async () => {
  if (!second) {
    // The embedded database has one process: its counts stay in its memory, and the table is not used.
    expect(owner.kind).toBe('pglite');
    const statuses = [];
    for (let i = 0; i < BUDGET + 2; i++) statuses.push(await randomToken(servers[0]!, '198.51.100.1'));
    expect(answeredBefore429(statuses)).toEqual({ answered: BUDGET, allRefusedAfter: true });
    expect((await owner.pglite!.query('SELECT * FROM rate_limits')).rows).toEqual([]);
    return;
  }
  const statuses = [];
  for (let i = 0; i < 2 * BUDGET; i++) {
    statuses.push(await randomToken(servers[i % 2]!, '198.51.100.1'));
    // Long enough for both servers to sync once.
    await sleep(3 * SYNC_MS);
  }
  const outcome = answeredBefore429(statuses);
  console.info(`two servers, a sync between requests: ${outcome.answered} answered before 429 (budget ${BUDGET})`);
  expect(outcome).toEqual({ answered: BUDGET, allRefusedAfter: true });
});

test('a flood faster than the sync overshoots by at most what the other server let through in one interval', async () => {
  if (!second) {
    expect(owner.kind).toBe('pglite');
    return;
  }
  const statuses = [];
  for (let i = 0; i < 4 * BUDGET; i++) statuses.push(await randomToken(servers[i % 2]!, '198.51.100.2'));
  const answered = statuses.filter((s) => s === 401).length;
  console.info(`two servers, no pause: ${answered} answered (budget ${BUDGET})`);
  expect(answered).toBeGreaterThanOrEqual(BUDGET);
  expect(answered).toBeLessThanOrEqual(2 * BUDGET);
  // Once synced, both servers know the client is over: neither answers it again this window.
  await sleep(3 * SYNC_MS);
  expect([await randomToken(servers[0]!, '198.51.100.2'), await randomToken(servers[1]!, '198.51.100.2')]).toEqual([429, 429]);
});

test('syncing costs the request pool no statement, and the table holds no token', async () => {
  if (!second) {
    expect(owner.kind).toBe('pglite');
    return;
  }
  await randomToken(servers[0]!, '198.51.100.3');
  const before = owner.statements.count;
  await sleep(6 * SYNC_MS);
  expect(owner.statements.count).toBe(before);
  const rows = await owner.postgres!<{ key: string; hits: number }[]>`SELECT key, hits FROM rate_limits`;
  expect(rows.map((r) => r.key)).toContain('failed:ip:198.51.100.3');
  expect(rows.some((r) => r.key.includes('ed_'))).toBe(false);
});

test('windows older than the one before are deleted as the servers sync', async () => {
  const url = serverUrlOf.get(owner);
  if (!url) {
    expect(owner.kind).toBe('pglite');
    return;
  }
  const store = new SharedRateStore({ url, syncMs: 60_000, connectTimeoutS: 2, logger: createLogger('silent') });
  store.init({ windowMs: 60_000, limit: BUDGET });
  const keys = async () => (await owner.postgres!<{ key: string }[]>`SELECT key FROM rate_limits WHERE key LIKE 'old:%'`).map((r) => r.key);
  try {
    store.increment('old:a');
    await store.sync();
    expect(await keys()).toEqual(['old:a']);
    // Only the clock is faked: three minutes on, that window is two windows old.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 180_000);
    store.increment('old:b');
    await store.sync();
    expect(await keys()).toEqual(['old:b']);
  } finally {
    vi.useRealTimers();
    await store.shutdown();
  }
});
