// Everything an entry's author wrote is escaped wherever an embed renders it; RTL and emoji text survive intact.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCaseStudy, createEvent, createOrganisation, createTopic } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
const base = 'http://localhost:3000';
const script = '<script>window.__pwned = 1</script>Clinic';
const markup = '"><img src=x onerror="window.__pwned=2"> <b>bold</b> & co';
const rtl = 'ورشة البيانات 🎉 שלום 👩🏽‍💻';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.handle.db;
  const topic = await createTopic({ db, slug: 'hostile', label: '<i>Hostile</i> topic' });
  await createEvent({ db, slug: 'script-event', title: script, description: markup, venue: '<u>Hall</u>', topics: [topic] });
  await createEvent({ db, slug: 'rtl-event', title: rtl, topics: [topic], startsAt: new Date(Date.now() + 9 * 864e5).toISOString() });
  await createCaseStudy({ db, slug: 'markup-study', title: markup, summary: script, topics: [topic] });
  await createOrganisation({ db, slug: 'org-hostile', name: script, description: markup, region: '<b>North</b>' });
});
afterAll(() => t.close());

/** No author text may open a tag or an attribute; it must arrive as escaped text. */
function expectInert(body: string) {
  expect(body).not.toContain('<script>window.__pwned');
  expect(body).not.toContain('<img src=x');
  expect(body).not.toContain('<b>bold</b>');
  expect(body).not.toContain('<u>Hall</u>');
  expect(body).not.toMatch(/onerror="window/);
}

test('iframe listings escape titles, descriptions and venues, and keep RTL and emoji text', async () => {
  const events = await (await t.app.request('/embed/events?topic=hostile')).text();
  expectInert(events);
  expect(events).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;Clinic');
  expect(events).toContain('&lt;u&gt;Hall&lt;/u&gt;');
  expect(events).toContain(`<a class="ed-title" dir="auto" href="${base}/events/rtl-event" target="_blank" rel="noopener">${rtl}</a>`);

  const studies = await (await t.app.request('/embed/case-studies?topic=hostile')).text();
  expectInert(studies);
  expect(studies).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;Clinic');
  expect(studies).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &lt;b&gt;bold&lt;/b&gt; &amp; co');

  const orgs = await (await t.app.request('/embed/organisations')).text();
  expectInert(orgs);
  expect(orgs).toContain('&lt;b&gt;North&lt;/b&gt;');
});

test('entry cards and their titles are escaped', async () => {
  const body = await (await t.app.request('/embed/events/script-event')).text();
  expectInert(body);
  expect(body).toContain('<title>&lt;script&gt;window.__pwned = 1&lt;/script&gt;Clinic</title>');
  expect(body).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &lt;b&gt;bold&lt;/b&gt; &amp; co');
});

test('oEmbed JSON carries the title as data and an html whose attributes are escaped', async () => {
  const res = await t.app.request(`/oembed?url=${encodeURIComponent(`${base}/case-studies/markup-study`)}&format=json`);
  const body = await res.json();
  expect(body.title).toBe(markup);
  expectInert(body.html);
  expect(body.html).toContain('title="&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &lt;b&gt;bold&lt;/b&gt; &amp; co"');
});

test('the builder page escapes what is typed into its form', async () => {
  const res = await t.app.request(
    `/embed?kind=events&search=${encodeURIComponent(markup)}&topic=${encodeURIComponent('"><script>window.__pwned=3</script>')}`,
  );
  const body = await res.text();
  expectInert(body);
  expect(body).not.toContain('<script>window.__pwned=3');
  // The topic list comes from the catalogue, and topic labels are author text too.
  expect(body).toContain('&lt;i&gt;Hostile&lt;/i&gt; topic');
  expect(body).not.toContain('<i>Hostile</i>');
});
