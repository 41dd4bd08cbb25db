// The HTTP edge: health probes, request ids, one structured log line per request, unknown routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import type { DbHandle } from '../src/db.ts';
import { openTestDatabase } from './support/database.ts';

let handle: DbHandle;
const lines: string[] = [];
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  handle = await openTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'info' });
  app = createApp({ handle, config, logger: createLogger('info', (line) => lines.push(line)) });
});
afterAll(() => handle.close());

describe('probes', () => {
  it('answer /healthz and /readyz', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).database).toBe(handle.kind);
  });
});

describe('request log', () => {
  it('writes one JSON line per request with id, status and duration, and echoes the id', async () => {
    lines.length = 0;
    const res = await app.request('/healthz', { headers: { 'x-request-id': 'test-request-0001' } });
    expect(res.headers.get('x-request-id')).toBe('test-request-0001');
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ id: 'test-request-0001', method: 'GET', path: '/healthz', status: 200 });
    expect(typeof requestLines[0].durationMs).toBe('number');
  });

  it('makes its own id when the given one is unusable', async () => {
    const res = await app.request('/healthz', { headers: { 'x-request-id': 'bad id with spaces\n' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('routes', () => {
  it('gives a JSON 404 for unknown routes', async () => {
    const res = await app.request('/no/such/route');
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('NOT_FOUND');
  });

  it('links the API, the embed builder and the feeds from the home page, and those links answer', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    const hrefs = [...(await res.text()).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs).toEqual(expect.arrayContaining(['/graphql', '/embed', '/feeds/events.ics', '/feeds/case-studies.atom']));
    for (const href of new Set(hrefs)) {
      const linked = await app.request(href, { headers: { accept: 'text/html' } });
      expect(linked.status, href).toBe(200);
    }
  });

  it('serves GraphiQL to a browser at /graphql', async () => {
    const res = await app.request('/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/graphiql/i);
    // Everything from this origin: no CDN in the page or the policy (offline it used to say "Loading __TITLE__..." forever).
    expect(page).not.toMatch(/https?:\/\//);
    expect(res.headers.get('content-security-policy')).not.toMatch(/https?:|unsafe-eval/);
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBe(4);
    for (const source of sources) {
      const asset = await app.request(source);
      expect(asset.status, source).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^text\/(javascript|css)/);
    }
  });
});
