// The public listings through app.request: filters as the API has them, counts beside each value, chips, paging, zero results, escaping.
// Entries come from the seed factories, as tests/pages.test.ts has them: these tests are about reading, not the review workflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStudy, createEvent, createOrganisation, createPlace, createTopic } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
const day = 864e5;
const ahead = (days: number) => new Date(Date.now() + days * day).toISOString();

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  const db = t.handle.db;
  const health = await createTopic({ db, slug: 'health', label: 'Health' });
  const nhs = await createTopic({ db, slug: 'nhs-data', label: 'NHS data', broaderId: health.id });
  const climate = await createTopic({ db, slug: 'climate', label: 'Climate' });
  const leeds = await createPlace({ db, name: 'Leeds', region: 'Yorkshire' });
  const org = await createOrganisation({ db, slug: 'civic-lab', name: 'Civic Lab', kind: 'charity', region: 'Yorkshire' });
  await createOrganisation({ db, slug: 'uni-x', name: 'University X', kind: 'university' });
  await createEvent({
    db,
    slug: 'broad-health',
    title: 'Health data assembly',
    topics: [health],
    format: 'in_person',
    place: leeds,
    startsAt: ahead(3),
  });
  await createEvent({
    db,
    slug: 'narrow-nhs',
    title: 'NHS records panel',
    topics: [nhs],
    format: 'online',
    startsAt: ahead(4),
    organisers: [{ organisation: org }],
  });
  await createEvent({ db, slug: 'climate-jury', title: 'Climate jury', topics: [climate], format: 'online', startsAt: ahead(5) });
  await createEvent({ db, slug: 'old-health', title: 'Last year’s health forum', topics: [health], startsAt: ahead(-30) });
  await createEvent({
    db,
    slug: 'hidden-draft',
    title: 'Draft health event',
    topics: [health],
    publicationState: 'draft',
    startsAt: ahead(2),
  });
  await createEvent({
    db,
    slug: 'hostile',
    title: '<script>alert("x")</script> & <b>bold</b>',
    description: '</script><img src=x onerror=alert(1)>',
    topics: [climate],
    startsAt: ahead(6),
  });
  for (let i = 0; i < 25; i++)
    await createEvent({
      db,
      slug: `paged-${String(i).padStart(2, '0')}`,
      title: `Paged event ${i}`,
      topics: [climate],
      startsAt: ahead(10 + i),
    });
  await createCaseStudy({
    db,
    slug: 'consulted',
    title: 'Consulted on records',
    iap2Level: 'consult',
    recruitment: 'stratified_random',
    topics: [nhs],
  });
  await createCaseStudy({
    db,
    slug: 'empowered',
    title: 'Empowered panel',
    iap2Level: 'empower',
    recruitment: 'open',
    topics: [climate],
    startDate: '2024-09-01',
    startDatePrecision: 'month',
  });
  await createCaseStudy({
    db,
    slug: 'convened',
    title: 'Convened by Civic Lab',
    iap2Level: 'consult',
    recruitment: 'open',
    organisations: [{ organisation: org, role: 'convener' }],
  });
}, 180_000);
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { accept: 'text/html', ...headers } });
const page = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const titles = (text: string) => [...text.matchAll(/<li class="card"><h3><a href="\/[a-z-]+\/([a-z0-9-]+)"/g)].map((m) => m[1]);
const announced = (text: string) => text.match(/<p id="announce"[^>]*>([^<]*)<\/p>/)?.[1];

describe('/events', () => {
  it('lists upcoming published events soonest first, and says how many (in a live region)', async () => {
    const text = await page('/events');
    const slugs = titles(text);
    expect(slugs.slice(0, 3)).toEqual(['broad-health', 'narrow-nhs', 'climate-jury']);
    expect(slugs).not.toContain('old-health');
    expect(slugs).not.toContain('hidden-draft');
    expect(announced(text)).toBe('29 events (upcoming)');
    expect(text).toMatch(/<p id="announce" class="result-count" role="status" aria-live="polite">/);
  });

  it('filters by topic including narrower topics, as the API does, with the filter as a removable chip', async () => {
    const text = await page('/events?topic=health');
    expect(titles(text)).toEqual(['broad-health', 'narrow-nhs']);
    expect(text).toContain('<ul class="chips" aria-label="Active filters">');
    expect(text).toMatch(/<a href="\/events" data-swap="true">Topic: Health <span aria-hidden="true">×<\/span>/);
    const api = await t.graphql('{ events(filter: { topics: ["health"] }) { nodes { slug } } }');
    expect(api.body.data.events.nodes.map((n: { slug: string }) => n.slug)).toEqual(titles(text));
  });

  it('shows counts beside each value, each counted with the other filters applied', async () => {
    const text = await page('/events?format=online');
    // Topic counts under format=online: Health covers the NHS panel (online) only; the forum is in person.
    expect(text).toMatch(
      /<input type="checkbox" id="f-topic-health" name="topic" value="health"\/><label for="f-topic-health"><span dir="auto">Health<\/span> <span class="count">\(1\)<\/span>/,
    );
    // Format counts ignore the format choice itself, so the reader sees what another format would add.
    expect(text).toMatch(/value="in-person"\/><label[^>]*><span dir="auto">In person<\/span> <span class="count">\(1\)<\/span>/);
    expect(text).toMatch(/value="online" checked=""\/>/);
    expect(titles(text)).toContain('narrow-nhs');
    expect(titles(text)).not.toContain('broad-health');
  });

  it('combines filters in the URL: ORed within a facet, ANDed across facets', async () => {
    const either = titles(await page('/events?format=online&format=in-person&topic=health'));
    expect(either).toEqual(['broad-health', 'narrow-nhs']);
    const both = titles(await page('/events?topic=health&organisation=civic-lab'));
    expect(both).toEqual(['narrow-nhs']);
    expect(titles(await page('/events?region=yorkshire'))).toEqual(['broad-health']);
  });

  it('pages with rel=next and rel=prev links that carry the filters', async () => {
    const first = await page('/events?topic=climate');
    expect(titles(first)).toHaveLength(20);
    const next = first.match(/<a rel="next" href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/events\?topic=climate&after=/);
    const second = await page(next!);
    expect(titles(second)).toHaveLength(7);
    expect(titles(second).some((s) => titles(first).includes(s))).toBe(false);
    expect(second).not.toContain('rel="next"');
    // Tabs and chips change the view, so they start again from its first page.
    expect(second).toContain('<a href="/events?topic=climate&amp;when=past" data-swap="true">Past (0)</a>');
    expect(second).toContain('<a href="/events" data-swap="true">Topic: Climate');
    const prev = second.match(/<a rel="prev" href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(prev).toMatch(/^\/events\?topic=climate&before=/);
    expect(titles(await page(prev!))).toEqual(titles(first));
  });

  it('shows past events on their own tab, most recent first, with both counts', async () => {
    const text = await page('/events?when=past&topic=health');
    expect(titles(text)).toEqual(['old-health']);
    expect(text).toContain('Upcoming (2)');
    expect(text).toContain('Past (1)');
  });

  it('offers a way out of zero results', async () => {
    const none = await page('/events?topic=health&format=hybrid');
    expect(announced(none)).toBe('0 events (upcoming)');
    expect(none).toContain('No events match.');
    expect(none).toContain('<a href="/events">Show all events</a>');
    // A chosen topic that no longer matches anything still reads by its name, checked, so it can be unticked.
    expect(none).toContain('data-swap="true">Topic: Health <span aria-hidden="true">×</span>');
    expect(none).toMatch(
      /value="health" checked=""\/><label for="f-topic-health"><span dir="auto">Health<\/span> <span class="count">\(0\)/,
    );
    // Nothing upcoming, but a past event matches: the way out says so and goes there.
    const past = await page('/events?q=forum');
    expect(announced(past)).toBe('0 events (upcoming) matching “forum”');
    expect(past).toContain('<a href="/events?q=forum&amp;when=past">See 1 past event with these filters</a>');
    expect(past).toContain('<a href="/search?q=forum">Search the whole directory for “forum”</a>');
  });

  it('offers the same filters as feeds and in the embed builder', async () => {
    const text = await page('/events?topic=health&organisation=civic-lab&format=online');
    expect(text).toContain('href="/feeds/events.ics?topic=health&amp;organisation=civic-lab"');
    expect(text).toContain('href="/embed?kind=events&amp;topic=health&amp;organisation=civic-lab&amp;format=online"');
    expect(text).toContain('The feeds follow the topic, organisation and series filters');
    const feed = await t.app.request('/feeds/events.ics?topic=health&organisation=civic-lab');
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('NHS records panel');
  });

  it('escapes hostile titles and descriptions', async () => {
    const text = await page('/events?topic=climate');
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('<b>bold');
  });

  it('refuses a bad filter value with a typed error naming the parameter', async () => {
    const res = await get('/events?format=telepathy', { accept: 'application/json' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.message).toContain('format');
    expect(body.error.message).toContain('in-person, online, hybrid');
  });

  it('answers a repeat with 304 Not Modified by ETag', async () => {
    const res = await get('/events?topic=health');
    const tag = res.headers.get('etag');
    expect(tag).toBeTruthy();
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await get('/events?topic=health', { 'if-none-match': tag! })).status).toBe(304);
  });
});

describe('/events/calendar', () => {
  it('puts each event on its day of the month and links the months either side', async () => {
    const when = new Date(Date.now() + 3 * day);
    const month = when.toISOString().slice(0, 7);
    const text = await page(`/events/calendar?month=${month}&topic=health`);
    expect(text).toContain('<a href="/events/broad-health" dir="auto">Health data assembly</a>');
    expect(text).not.toContain('Climate jury');
    expect(text).toMatch(/<a rel="next" href="\/events\/calendar\?month=\d{4}-\d{2}&amp;topic=health">/);
    const bad = await get('/events/calendar?month=2026-13', { accept: 'application/json' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('month');
  });
});

describe('/case-studies', () => {
  it('filters by IAP2 level and recruitment, with counts, and by organisation and role', async () => {
    const text = await page('/case-studies?iap2=consult');
    expect(titles(text).sort()).toEqual(['consulted', 'convened']);
    expect(text).toMatch(
      /value="stratified-random"\/><label[^>]*><span dir="auto">Stratified random<\/span> <span class="count">\(1\)<\/span>/,
    );
    expect(titles(await page('/case-studies?iap2=consult&recruitment=open'))).toEqual(['convened']);
    expect(titles(await page('/case-studies?organisation=civic-lab&role=convener'))).toEqual(['convened']);
    expect(titles(await page('/case-studies?organisation=civic-lab&role=funder'))).toEqual([]);
    const api = await t.graphql('{ caseStudies(filter: { recruitment: [OPEN], iap2Levels: [CONSULT] }) { nodes { slug } } }');
    expect(api.body.data.caseStudies.nodes).toEqual([{ slug: 'convened' }]);
  });

  it('refuses a role without an organisation, naming the field', async () => {
    const res = await get('/case-studies?role=funder', { accept: 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('"fieldErrors":[{"path":["role"],"message":"needs organisation"}]');
  });
});

describe('/organisations, /methods, /topics, /search', () => {
  it('lists organisations by kind with counts', async () => {
    const text = await page('/organisations?kind=charity');
    expect(titles(text)).toEqual(['civic-lab']);
    expect(text).toMatch(/value="university"\/><label[^>]*><span dir="auto">University<\/span> <span class="count">\(1\)<\/span>/);
  });

  it('lists methods (none here) with a way out', async () => {
    const text = await page('/methods');
    expect(announced(text)).toBe('0 methods');
    expect(text).toContain('<a href="/topics">Browse by topic</a>');
  });

  it('shows the topic tree with counts that include narrower topics', async () => {
    const text = await page('/topics');
    expect(text).toMatch(
      /<a href="\/topics\/health">Health<\/a> <span class="meta">— <a href="\/events\?topic=health">2 upcoming events<\/a>, <a href="\/case-studies\?topic=health">1 case study<\/a>/,
    );
    expect(text).toMatch(/Health<\/a>[\s\S]*<ul class="tree"><li><a href="\/topics\/nhs-data">NHS data<\/a>/);
  });

  it('searches every kind at once, with kinds as a facet', async () => {
    const text = await page('/search?q=panel');
    expect(announced(text)).toBe('2 results for “panel”');
    expect(text).toContain('<a href="/events/narrow-nhs" dir="auto">NHS records panel</a>');
    expect(text).toContain('<a href="/case-studies/empowered" dir="auto">Empowered panel</a>');
    const only = await page('/search?q=panel&type=case-study');
    expect(announced(only)).toBe('1 result for “panel”');
    expect(only).toMatch(/Case studies <span class="count">\(1\)<\/span>/);
    expect(text).toContain('<a href="/embed?kind=events&amp;search=panel">events</a>');
    expect(await page('/search')).toContain('Type what you are looking for');
    expect(await page('/search?q=%3Ci%3Ezzqxv')).toContain('Nothing matches “&lt;i&gt;zzqxv”');
  });
});

describe('the home page and the shell', () => {
  it('shows upcoming events, case studies, topics, organisations and how to take part', async () => {
    const text = await page('/');
    expect(text).toContain('<h2 id="home-events">Upcoming events</h2>');
    expect(text).toContain('Health data assembly');
    expect(text).toContain('<a href="/topics/nhs-data">NHS data</a>');
    expect(text).toContain('<a href="/organisations/civic-lab" dir="auto">Civic Lab</a>');
    expect(text).toContain('id="take-part"');
    expect(text).toContain('"@type":"WebSite"');
  });

  it('links one cacheable stylesheet from every page, entry pages included', async () => {
    const home = await page('/');
    const href = home.match(/<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)"\/>/)?.[1];
    expect(href).toBeTruthy();
    expect(await page('/events/broad-health')).toContain(`<link rel="stylesheet" href="${href}"/>`);
    const css = await t.app.request(href!);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toContain('immutable');
    const sheet = await css.text();
    expect(sheet).toContain('@media (prefers-color-scheme:dark)');
    expect(sheet).toContain('@media print');
  });

  it('gives entry pages breadcrumbs, a canonical link, Open Graph and Twitter card metadata, beside their JSON-LD', async () => {
    const text = await page('/events/narrow-nhs');
    expect(text).toContain(
      '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/events">Events</a></li><li><span aria-current="page">NHS records panel</span></li></ol></nav>',
    );
    expect(text).toContain('<link rel="canonical" href="http://localhost:3000/events/narrow-nhs"/>');
    expect(text).toContain('<meta property="og:type" content="article"/>');
    expect(text).toContain('<meta property="og:title" content="NHS records panel"/>');
    expect(text).toContain('<meta name="twitter:card" content="summary"/>');
    expect(text).toContain('"@type":"Event"');
    expect(text).toContain('"@type":"BreadcrumbList"');
  });
});

describe('case-study cards', () => {
  it('show a date known to the month as the month, never a day', async () => {
    const html = await (await get('/case-studies?iap2=empower')).text();
    expect(html).toContain('September 2024');
    expect(html).not.toContain('2024-09-01');
  });
});
