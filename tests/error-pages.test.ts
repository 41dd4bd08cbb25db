// Errors by Accept: a browser gets a page it can read, an API client keeps JSON, /graphql keeps GraphQL's shape.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wantsHtml } from '../src/http/error-page.ts';
import { createEvent } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';

// What Chromium and Firefox send for a page they navigate to.
const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('404', () => {
  it('a browser gets an HTML page that says so and offers a way on', async () => {
    const res = await t.app.request('/no/such/page', { headers: browser });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const body = await res.text();
    expect(body).toContain('<h1>Page not found</h1>');
    expect(body).toContain('<a href="/">Go to the Engagement Directory home page</a>');
    expect(body).toContain(`request ${res.headers.get('x-request-id')}`);
  });

  it('API clients keep JSON (application/json, */*, or no Accept at all)', async () => {
    for (const headers of [{ accept: 'application/json' }, { accept: '*/*' }, {}] as Record<string, string>[]) {
      const res = await t.app.request('/no/such/page', { headers });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /no/such/page' } });
    }
  });

  it('a feed for a misspelt topic, opened in a browser, is a page naming the mistake; a feed reader gets JSON', async () => {
    const page = await t.app.request('/feeds/events.ics?topic=helth', { headers: browser });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('No published topic is called &quot;helth&quot;.');
    const api = await t.app.request('/feeds/events.ics?topic=helth');
    expect((await api.json()).error.code).toBe('NOT_FOUND');
  });
});

describe('400', () => {
  it('a bad value is a page in a browser, listing the field', async () => {
    const res = await t.app.request('/feeds/events.ics?topic=', { headers: browser });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<li><code>topic</code>: must not be empty</li>');
  });
});

describe('/graphql', () => {
  it('keeps GraphQL errors, even for a browser', async () => {
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: { ...browser, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ organisations(first: 1) { totalCount } } #${'x'.repeat(200_000)}` }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('500', () => {
  it('a browser gets a page with the request id and nothing internal; an API client gets masked JSON', async () => {
    const broken = await createTestApp();
    const e = await createEvent({ db: broken.handle.db });
    // A fault of ours, not the database being away (that is a 503, tests/database-outage.test.ts): the page's
    // query names a table that is not there. No user can do this, hence SQL.
    await broken.handle.db.execute(sql`ALTER TABLE events RENAME TO events_gone`);
    const page = await broken.app.request(`/events/${e.slug}`, { headers: browser });
    expect(page.status).toBe(500);
    const body = await page.text();
    expect(body).toContain('<h1>Something went wrong</h1>');
    expect(body).toContain(`request ${page.headers.get('x-request-id')}`);
    expect(body).not.toMatch(/select|pglite|at .*\.ts|stack/i);
    const api = await broken.app.request(`/events/${e.slug}`, { headers: { accept: 'application/ld+json' } });
    expect(api.status).toBe(500);
    expect((await api.json()).error).toEqual({
      code: 'INTERNAL',
      message: `Unexpected error (request ${api.headers.get('x-request-id')}).`,
    });
    await broken.close();
  });
});

describe('wantsHtml', () => {
  it.each([
    [browser.accept, true],
    ['text/html', true],
    ['application/json', false],
    ['application/json, text/html;q=0.5', false],
    ['*/*', false],
    ['', false],
    ['text/html;q=0', false],
  ])('%s → %s', (accept, expected) => {
    expect(wantsHtml(accept)).toBe(expected);
  });
});

describe('parameters pages do not use', () => {
  it('utm_source, fbclid and cache busters leave a page as it is', async () => {
    const e = await createEvent({ db: t.handle.db, title: 'Tracked link' });
    const clean = await t.app.request(`/events/${e.slug}`);
    const tracked = await t.app.request(`/events/${e.slug}?utm_source=newsletter&utm_medium=email&fbclid=IwAR0&_=171234`);
    expect(tracked.status).toBe(200);
    expect(await tracked.text()).toBe(await clean.text());
  });
});
