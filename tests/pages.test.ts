// Public pages: accessible escaped HTML, schema.org JSON-LD, content negotiation, feed alternates, caching and hostile paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createOrganisation, createPlace, createTopic } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
let fx: Record<string, { id: number; slug: string }>;

beforeAll(async () => {
  t = await createSeededTestApp();
  const db = t.handle.db;
  const place = await createPlace({ db, name: 'Leeds', region: 'Yorkshire and The Humber' });
  const org = await createOrganisation({ db, name: 'Pages & <Partners>' });
  const topic = await createTopic({ db, label: 'Pages topic' });
  fx = {
    topic,
    dst: await createEvent({
      db,
      title: 'Hybrid meeting as the clocks change',
      format: 'hybrid',
      place,
      venue: 'Civic Hall',
      onlineUrl: 'https://meet.example.org/abc',
      startsAt: '2026-03-29T09:00:00Z',
      endsAt: '2026-03-29T11:00:00Z',
      timeZone: 'Europe/London',
      organisers: [{ organisation: org }],
      topics: [topic],
    }),
    hostile: await createEvent({
      db,
      title: '<script>alert("x")</script> & friends',
      description: 'Ends the script early: </script><img src=x onerror=alert(1)>',
      status: 'cancelled',
      onlineUrl: 'javascript:alert(1)',
    }),
    draft: await createEvent({ db, title: 'Draft only', publicationState: 'draft' }),
  };
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

function embeddedJsonLd(htmlText: string) {
  const match = htmlText.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!);
}

describe('event pages', () => {
  it('the seeded Liverpool workshop: HTML with Event JSON-LD a search engine can read', async () => {
    const res = await get('/events/ai-public-dialogues-workshop-liverpool');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await res.text();
    expect(text).toMatch(/<html lang="en-GB">/);
    expect(text).toContain('<h1>AI Public Dialogues: Liverpool workshop</h1>');
    const ld = embeddedJsonLd(text);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'AI Public Dialogues: Liverpool workshop',
      url: 'http://localhost:3000/events/ai-public-dialogues-workshop-liverpool',
      startDate: '2024-09',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        '@type': 'Place',
        name: 'Liverpool',
        address: { '@type': 'PostalAddress', addressLocality: 'Liverpool', addressRegion: 'North West', addressCountry: 'GB' },
      },
    });
    expect(ld.organizer.map((o: any) => o.name)).toEqual(expect.arrayContaining(['ai@cam', 'Hopkins Van Mil']));
    for (const o of ld.organizer) expect(o['@type']).toBe('Organization');
    expect(text).toContain('<time datetime="2024-09-01T00:00:00+01:00">September 2024</time>');
  });

  it('local time with its offset across the clocks changing; hybrid events have a Place and a VirtualLocation', async () => {
    const ld = embeddedJsonLd(await (await get(`/events/${fx.dst!.slug}`)).text());
    expect(ld.startDate).toBe('2026-03-29T10:00:00+01:00');
    expect(ld.endDate).toBe('2026-03-29T12:00:00+01:00');
    expect(ld.eventAttendanceMode).toBe('https://schema.org/MixedEventAttendanceMode');
    expect(ld.location).toEqual([
      {
        '@type': 'Place',
        name: 'Civic Hall',
        address: { '@type': 'PostalAddress', addressLocality: 'Leeds', addressRegion: 'Yorkshire and The Humber', addressCountry: 'GB' },
      },
      { '@type': 'VirtualLocation', url: 'https://meet.example.org/abc' },
    ]);
    expect(ld.organizer).toEqual([expect.objectContaining({ '@type': 'Organization', name: 'Pages & <Partners>' })]);
  });

  it('links its feeds as alternates', async () => {
    const text = await (await get(`/events/${fx.dst!.slug}`)).text();
    expect(text).toContain(
      `<link rel="alternate" type="text/calendar" href="http://localhost:3000/feeds/events.ics?topic=${fx.topic!.slug}"`,
    );
    expect(text).toContain(`<link rel="alternate" type="application/ld+json" href="http://localhost:3000/events/${fx.dst!.slug}"`);
  });

  it('escapes everything an editor wrote, in the HTML and inside the JSON-LD script', async () => {
    const text = await (await get(`/events/${fx.hostile!.slug}`)).text();
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('javascript:');
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends');
    // The entry's JSON-LD and its breadcrumb trail: each script closes once, and no title closes one early.
    expect(text.match(/<script[ >]/g)).toHaveLength(2);
    expect(text.match(/<\/script>/g)).toHaveLength(2);
    const ld = embeddedJsonLd(text);
    expect(ld.name).toBe('<script>alert("x")</script> & friends');
    expect(ld.eventStatus).toBe('https://schema.org/EventCancelled');
    expect(text).toContain('<p class="status" role="status">This event is cancelled.</p>');
  });

  it('answers JSON-LD to Accept: application/ld+json, the same data as embedded', async () => {
    const html = await (await get(`/events/${fx.dst!.slug}`)).text();
    const res = await get(`/events/${fx.dst!.slug}`, { accept: 'application/ld+json' });
    expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(await res.json()).toEqual(embeddedJsonLd(html));
    // A browser's Accept, which lists HTML first, still gets HTML.
    const browser = await get(`/events/${fx.dst!.slug}`, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(browser.headers.get('content-type')).toMatch(/^text\/html/);
    const lower = await get(`/events/${fx.dst!.slug}`, { accept: 'text/html, application/ld+json;q=0.5' });
    expect(lower.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('other entry pages', () => {
  it('an organisation is an Organization', async () => {
    const ld = await (await get('/organisations/ada-lovelace-institute', { accept: 'application/ld+json' })).json();
    expect(ld).toMatchObject({
      '@type': 'Organization',
      name: 'Ada Lovelace Institute',
      url: 'http://localhost:3000/organisations/ada-lovelace-institute',
    });
    const text = await (await get('/organisations/ai-at-cam')).text();
    expect(embeddedJsonLd(text).parentOrganization.name).toBe('University of Cambridge');
    expect(text).toContain('href="http://localhost:3000/feeds/events.ics?organisation=ai-at-cam"');
  });

  it('a case study is a CreativeWork with its contributors', async () => {
    const res = await get('/case-studies/ai-public-dialogues');
    expect(res.status).toBe(200);
    const ld = embeddedJsonLd(await res.text());
    expect(ld['@type']).toBe('CreativeWork');
    expect(ld.name).toBe('AI Public Dialogues');
    // schema.org's Role pattern: each contributor is a Role naming the organisation and what it did.
    expect(ld.contributor.map((c: any) => c.contributor.name)).toEqual(expect.arrayContaining(['Hopkins Van Mil', 'ai@cam']));
    expect(ld.contributor.every((c: any) => c['@type'] === 'Role' && c.roleName)).toBe(true);
  });

  it('a method and a topic have pages; the topic lists work from narrower topics with counts', async () => {
    expect((await get('/methods/public-dialogue')).status).toBe(200);
    const text = await (await get('/topics/ai-in-public-services')).text();
    expect(embeddedJsonLd(text)).toMatchObject({ '@type': 'DefinedTerm', name: 'AI in public services' });
    expect(text).toMatch(/<h2>Case studies <span>\(\d+\)<\/span><\/h2>/);
    expect(text).toContain('href="/case-studies/ai-public-dialogues"');
    expect(text).toContain('href="/feeds/events.ics?topic=ai-in-public-services"');
  });
});

describe('caching', () => {
  it('ETag, Cache-Control and Vary; 304 on If-None-Match; HTML and JSON-LD have different ETags', async () => {
    const path = `/events/${fx.dst!.slug}`;
    const first = await get(path);
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.headers.get('vary')).toBe('Accept');
    const again = await get(path, { 'if-none-match': tag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    const ld = await get(path, { accept: 'application/ld+json' });
    expect(ld.headers.get('etag')).not.toBe(tag);
    expect((await get(path, { accept: 'application/ld+json', 'if-none-match': tag })).status).toBe(200);
  });
});

describe('what is not there', () => {
  it('drafts and unknown slugs are a 404 page, in HTML or JSON', async () => {
    const draft = await get(`/events/${fx.draft!.slug}`);
    expect(draft.status).toBe(404);
    expect(await draft.text()).toContain('There is no published event at this address.');
    const json = await get('/topics/no-such-topic', { accept: 'application/ld+json' });
    expect(json.status).toBe(404);
    expect((await json.json()).error).toEqual({ code: 'NOT_FOUND', message: 'There is no published topic at this address.' });
  });

  it('hostile paths are a 404, never a 500', async () => {
    for (const slug of [
      'a'.repeat(5000),
      encodeURIComponent("x' OR '1'='1"),
      encodeURIComponent('データ🦄'),
      'a%00b',
      '..%2F..%2Fetc%2Fpasswd',
      'UPPER-case',
    ]) {
      const res = await get(`/events/${slug}`);
      expect(res.status).toBe(404);
    }
  });
});
