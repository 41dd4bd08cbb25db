// The iframe pages, oEmbed, the builder page and /embed.js: what partners paste, served through the real stack.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCaseStudy, createEvent, createOrganisation, createTopic } from '../seed/factories.ts';
import { listingQueries } from '../src/modules/embed/documents.ts';
import { oembedLinkTag } from '../src/modules/embed/oembed.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';

let t: TestApp;
const base = 'http://localhost:3000';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.handle.db;
  const health = await createTopic({ db, slug: 'health', label: 'Health' });
  const org = await createOrganisation({
    db,
    slug: 'nw-council',
    name: 'North West Council',
    region: 'North West',
    kind: 'local_authority',
  });
  await createEvent({
    db,
    slug: 'data-clinic',
    title: 'Data clinic for charities',
    topics: [health],
    format: 'in_person',
    venue: 'Central Library',
    organisers: [{ organisation: org }],
  });
  await createEvent({ db, slug: 'ai-cafe', title: 'AI café', topics: [health], startsAt: new Date(Date.now() + 14 * 864e5).toISOString() });
  await createEvent({ db, slug: 'elsewhere', title: 'Unrelated webinar' });
  await createEvent({ db, slug: 'secret-draft', title: 'Draft event', topics: [health], publicationState: 'draft' });
  await createCaseStudy({
    db,
    slug: 'jury',
    title: 'Citizens’ jury on health data',
    summary: 'Twelve people weighed up data sharing.',
    topics: [health],
  });
});
afterAll(() => t.close());

describe('iframe pages', () => {
  test('a listing renders server-side, links to the directory, and may be framed anywhere', async () => {
    const res = await t.app.request('/embed/events?topic=health&limit=5&theme=dark');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<html lang="en" data-theme="dark">');
    expect(body).toContain(
      `<a class="ed-title" dir="auto" href="${base}/events/data-clinic" target="_blank" rel="noopener">Data clinic for charities</a>`,
    );
    expect(body).toContain('AI café');
    expect(body).toContain('In person · Central Library');
    expect(body).not.toContain('Unrelated webinar');
    expect(body).not.toContain('Draft event');
    expect(body.indexOf('Data clinic')).toBeLessThan(body.indexOf('AI café'));
    expect(body).toContain(`href="${base}/events?topic=health"`);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(body).toContain("type:'engagement-directory:resize'");
  });

  test('each kind has a page; a filter a kind does not have is refused by name', async () => {
    const cs = await (await t.app.request('/embed/case-studies?topic=health')).text();
    expect(cs).toContain('Citizens’ jury on health data');
    expect(cs).toContain('Twelve people weighed up data sharing.');
    const orgs = await (await t.app.request('/embed/organisations?region=North%20West')).text();
    expect(orgs).toContain('North West Council');
    expect(orgs).toContain('Local authority · North West');
    // The frame is a page: what is wrong is said in it, where the partner looking at it can read it.
    const bad = await t.app.request('/embed/organisations?series=monthly');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(
      '<p class="ed-status ed-error" role="alert">This listing cannot be shown: series does not apply to organisations; organisations accept topic, region, search',
    );
    const limit = await t.app.request('/embed/events?limit=500');
    expect(limit.status).toBe(400);
    expect(await limit.text()).toContain('limit must be at most 20');
    expect((await t.app.request('/embed/people')).status).toBe(404);
    // A misspelt topic is not "nothing yet": it says the topic does not exist.
    const unknownTopic = await t.app.request('/embed/events?topic=no-such-topic');
    expect(unknownTopic.status).toBe(404);
    const text = await unknownTopic.text();
    expect(text).toContain('No published topic is called &quot;no-such-topic&quot;.');
    expect(text).not.toContain('No events match yet');
    expect(unknownTopic.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    // A real topic with nothing on it yet still reads as an empty listing.
    const quiet = await t.app.request('/embed/events?topic=no-such-topic&search=zzzz'.replace('no-such-topic', 'health'));
    expect(quiet.status).toBe(200);
  });

  test('a listing page costs a fixed number of SQL statements, however many items it shows', async () => {
    const count = async (path: string) => {
      const before = t.handle.statements.count;
      expect((await t.app.request(path)).status).toBe(200);
      return t.handle.statements.count - before;
    };
    const measured = {
      events1: await count('/embed/events?limit=1'),
      events20: await count('/embed/events?limit=20'),
      studies: await count('/embed/case-studies?limit=20'),
      orgs: await count('/embed/organisations?limit=20'),
    };
    // Page, total count and places come back in one statement (the catalogue's connection plan).
    expect(measured).toEqual({ events1: 1, events20: 1, studies: 1, orgs: 1 });
  });

  test('an entry card, and a not-found page for drafts', async () => {
    const res = await t.app.request('/embed/events/data-clinic');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Data clinic for charities');
    const draft = await t.app.request('/embed/events/secret-draft');
    expect(draft.status).toBe(404);
    expect(await draft.text()).not.toContain('Draft event');
  });
});

describe('oEmbed', () => {
  const oembed = (url: string, extra = '') => t.app.request(`/oembed?url=${encodeURIComponent(url)}&format=json${extra}`);

  test('a listing URL becomes a rich iframe embed within maxwidth', async () => {
    const res = await oembed(`${base}/events?topic=health`, '&maxwidth=480');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json();
    expect(body).toMatchObject({ version: '1.0', type: 'rich', width: 480, provider_url: base });
    expect(body.html).toBe(
      `<iframe src="${base}/embed/events?topic=health&amp;limit=5" width="480" height="${body.height}" title="Upcoming events from the Engagement Directory" style="border:0;max-width:100%" loading="lazy"></iframe>`,
    );
  });

  test('an entry URL embeds its card; drafts, other sites and XML are refused', async () => {
    const body = await (await oembed(`${base}/case-studies/jury`)).json();
    expect(body).toMatchObject({ type: 'rich', title: 'Citizens’ jury on health data', width: 600, height: 200 });
    expect(body.html).toContain(`src="${base}/embed/case-studies/jury"`);
    expect((await oembed(`${base}/events/secret-draft`)).status).toBe(404);
    expect((await oembed('https://evil.example/events')).status).toBe(404);
    expect((await oembed(`${base}/events/%E0%A4%A`)).status).toBe(404);
    expect((await t.app.request(`/oembed?url=${encodeURIComponent(`${base}/events`)}&format=xml`)).status).toBe(501);
    const missing = await t.app.request('/oembed');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { fieldErrors: [{ path: ['url'] }] } });
  });

  test('oembedLinkTag gives public pages their discovery link', async () => {
    const tag = (await oembedLinkTag(`${base}/events/data-clinic`, 'Data "clinic"')).toString();
    expect(tag).toBe(
      `<link rel="alternate" type="application/json+oembed" href="${base}/oembed?url=http%3A%2F%2Flocalhost%3A3000%2Fevents%2Fdata-clinic&amp;format=json" title="Data &quot;clinic&quot;">`,
    );
  });
});

describe('builder page and script', () => {
  test('/embed shows the three snippets for the chosen filters, and may not be framed', async () => {
    const res = await t.app.request('/embed?kind=events&topic=health&limit=3&series=');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const body = await res.text();
    expect(body).toContain('&lt;engagement-listing kind=&quot;events&quot; topic=&quot;health&quot; limit=&quot;3&quot;&gt;');
    expect(body).toContain(`&lt;iframe src=&quot;${base}/embed/events?topic=health&amp;amp;limit=3&quot;`);
    expect(body).toContain(`e.origin !== &#39;${base}&#39;`);
    expect(body).toContain(`<textarea id="ed-snippet-oembed" readonly>${base}/events?topic=health</textarea>`);
    expect(body).toContain('<option value="health">Health</option>');
  });

  test('/embed.js is one small module with the persisted hashes, readable from any origin', async () => {
    const res = await t.app.request('/embed.js', { headers: { origin: 'https://partner.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const source = await res.text();
    for (const { hash } of Object.values(listingQueries)) expect(source).toContain(hash);
    expect(source).not.toContain('__EMBED_CONFIG__');
    // Built with createElement and text nodes only: no HTML parsing of anything.
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    const gzipped = gzipSync(source).length;
    console.info(`/embed.js: ${source.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(6 * 1024);
    const again = await t.app.request('/embed.js', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});

describe('the iframe reads through the /graphql stack', () => {
  test('its listing is the compiled path’s one statement, then the response cache’s none', async () => {
    // The app main.ts builds: compiled documents and the response cache on, over this file's database.
    const { createApp } = await import('../src/app.ts');
    const { persistedDocuments } = await import('../src/modules/embed/documents.ts');
    const app = createApp({ handle: t.handle, config: t.config, responseCache: {}, compiledDocuments: persistedDocuments.values() });
    const load = async (path: string) => {
      const before = t.handle.statements.count;
      const res = await app.request(path);
      return { status: res.status, html: await res.text(), statements: t.handle.statements.count - before };
    };
    const first = await load('/embed/events?topic=health');
    expect(first.status).toBe(200);
    expect(first.html).toContain('Data clinic for charities');
    expect(first.statements).toBe(1);
    // The cache serves once its LISTEN is in place; from then on the listing costs no SQL.
    let cached = first;
    await eventually(async () => {
      cached = await load('/embed/events?topic=health');
      return cached.statements === 0;
    });
    expect(cached.html).toBe(first.html);
  });
});
