// One budget per client for everything that reaches the database: pages, feeds, embeds and the API draw on it alike.
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { SharedRateStore } from '../src/http/shared-rate-store.ts';
import { createLogger } from '../src/log.ts';
import { stylesheetPath } from '../src/modules/pages/stylesheet.ts';
import { createTestApp, type TestApp } from './support/app.ts';

const BUDGET = 5;
const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const query = '{ topics(first: 1) { totalCount } }';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(BUDGET) } });
});
afterAll(() => t.close());

test('pages, a feed and /graphql spend one budget; the refusal is a page for a browser and JSON for the rest', async () => {
  const spent = [
    (await t.app.request('/', { headers: browser })).status,
    (await t.app.request('/events', { headers: browser })).status,
    (await t.app.request('/feeds/events.atom')).status,
    (await t.graphql(query)).status,
    (await t.graphql(query)).status,
  ];
  expect(spent).toEqual([200, 200, 200, 200, 200]);

  const page = await t.app.request('/events', { headers: browser });
  expect(page.status).toBe(429);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await page.text()).toContain('Too many requests');

  const feed = await t.app.request('/feeds/events.atom');
  expect(feed.status).toBe(429);
  expect(((await feed.json()) as any).error.code).toBe('RATE_LIMITED');

  const graphql = await t.graphql(query);
  expect(graphql.status).toBe(429);
  expect(graphql.body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
  // Refused before any work: not a statement.
  expect(graphql.statements).toBe(0);

  // The HSDS API is an API: JSON, even to a browser, as its other errors are.
  const hsds = await t.app.request('/hsds/organizations', { headers: browser });
  expect(hsds.status).toBe(429);
  expect(((await hsds.json()) as any).error.code).toBe('RATE_LIMITED');

  for (const path of ['/sitemap.xml', '/feeds/events.ics', '/embed/events', '/oembed?url=x', '/no-such-page'])
    expect((await t.app.request(path)).status, path).toBe(429);
});

test('static assets, robots.txt and the probes are never counted', async () => {
  for (const path of [stylesheetPath, '/robots.txt', '/embed.js', '/healthz', '/readyz'])
    expect((await t.app.request(path)).status, path).toBe(200);
});

test('a shared store whose database cannot be reached counts alone, and never fails a request', async () => {
  // Port 1 on loopback: refused at once, as a server that is down.
  const store = new SharedRateStore({
    url: 'postgres://nobody@127.0.0.1:1/none',
    syncMs: 60_000,
    connectTimeoutS: 1,
    logger: createLogger('silent'),
  });
  store.init({ windowMs: 60_000 });
  try {
    expect(store.increment('ip:198.51.100.1').totalHits).toBe(1);
    await store.sync();
    // The hit not sent is kept, to be sent when the database is back.
    expect(store.increment('ip:198.51.100.1').totalHits).toBe(2);
    store.decrement('ip:198.51.100.1');
    expect(store.increment('ip:198.51.100.1').totalHits).toBe(2);
  } finally {
    await store.shutdown();
  }
});

test('the turn of a minute gives no budget back: the minute before counts for the part of it still within the last 60 s', async () => {
  const store = new SharedRateStore({
    url: 'postgres://nobody@127.0.0.1:1/none',
    syncMs: 60_000,
    connectTimeoutS: 1,
    logger: createLogger('silent'),
  });
  store.init({ windowMs: 60_000 });
  // Only the clock is faked: windows are read from it.
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    const minute = 60_000 * Math.floor(Date.now() / 60_000);
    vi.setSystemTime(minute + 59_000);
    for (let i = 0; i < 5; i++) store.increment('ip:198.51.100.4');
    vi.setSystemTime(minute + 61_000);
    // 1 now, and the 5 of the minute before, 59/60 of which still lie within the last 60 s (rounded up).
    expect(store.increment('ip:198.51.100.4').totalHits).toBe(6);
    vi.setSystemTime(minute + 119_000);
    expect(store.increment('ip:198.51.100.4').totalHits).toBe(3);
    // Two minutes on, nothing is left.
    vi.setSystemTime(minute + 180_000);
    expect(store.increment('ip:198.51.100.4').totalHits).toBe(1);
  } finally {
    vi.useRealTimers();
    await store.shutdown();
  }
});
