// Feeds parsed back by independent parsers: iCalendar (ical.js), Atom (fast-xml-parser) and JSON Feed; caching and hostile query strings.
import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../schema/events.ts';
import { createCaseStudy, createEvent, createEventSeries, createOrganisation, createTopic } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
let fx: Record<string, { id: number; slug: string }>;

beforeAll(async () => {
  t = await createSeededTestApp();
  const db = t.handle.db;
  const topic = await createTopic({ db, label: 'Feeds topic' });
  const narrower = await createTopic({ db, broaderId: topic.id });
  const org = await createOrganisation({ db, name: 'Feeds & Co <test>' });
  const series = await createEventSeries({ db, organisation: org });
  fx = {
    topic,
    narrower,
    org,
    series,
    dst: await createEvent({
      db,
      title: 'Clocks change, meeting goes on',
      topics: [narrower],
      organisers: [{ organisation: org }],
      series,
      startsAt: '2026-03-29T09:00:00Z',
      endsAt: '2026-03-29T10:30:00Z',
      timeZone: 'Europe/London',
    }),
    cancelled: await createEvent({ db, title: 'Called off', topics: [topic], status: 'cancelled', startsAt: '2026-12-01T18:00:00Z' }),
    draft: await createEvent({ db, title: 'Secret draft', topics: [topic], publicationState: 'draft' }),
    caseStudy: await createCaseStudy({
      db,
      title: 'A case study with <angle> & ampersand',
      summary: 'Summary',
      topics: [narrower],
      organisations: [{ organisation: org, role: 'convener' }],
    }),
  };
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

function parseCalendar(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  // Registering the feed's own VTIMEZONEs makes ical.js convert with them, not with a built-in table.
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return { cal, events: cal.getAllSubcomponents('vevent').map((v) => ({ v, e: new ICAL.Event(v) })) };
}

describe('iCalendar feed', () => {
  it('is valid iCalendar for a topic, with narrower topics included and drafts left out', async () => {
    const res = await get(`/feeds/events.ics?topic=${fx.topic!.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const { cal, events: found } = parseCalendar(text);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toMatch(/Engagement Directory/);
    expect(found.map(({ e }) => e.summary).sort()).toEqual(['Cancelled: Called off', 'Clocks change, meeting goes on']);
    expect(text).not.toContain('Secret draft');
  });

  it('gives the local time with a TZID and a VTIMEZONE, right across the clocks changing', async () => {
    const { cal, events: found } = parseCalendar(await (await get(`/feeds/events.ics?organisation=${fx.org!.slug}`)).text());
    const { e } = found.find(({ e }) => e.summary === 'Clocks change, meeting goes on')!;
    expect(e.startDate.zone?.tzid).toBe('Europe/London');
    expect([e.startDate.hour, e.startDate.minute]).toEqual([10, 0]);
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-03-29T09:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-03-29T10:30:00.000Z');
    expect(cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toContain('Europe/London');
    expect(e.location).toBe('Online');
    expect(e.description).toContain(`/events/${fx.dst!.slug}`);
    expect(e.description).toContain('Organised by Feeds & Co <test>.');
  });

  it('marks cancelled events STATUS:CANCELLED', async () => {
    const { events: found } = parseCalendar(await (await get(`/feeds/events.ics?topic=${fx.topic!.slug}`)).text());
    const { v } = found.find(({ e }) => e.summary.includes('Called off'))!;
    expect(v.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('keeps the UID across an edit, even of the slug, and raises SEQUENCE', async () => {
    const path = `/feeds/events.ics?series=${fx.series!.slug}`;
    const before = parseCalendar(await (await get(path)).text()).events[0]!;
    const [row] = await t.handle.db.select().from(events).where(eq(events.id, fx.dst!.id));
    await t.handle.db
      .update(events)
      .set({
        title: 'Clocks change, meeting moved',
        slug: `${row!.slug}-moved`,
        updatedAt: new Date(Date.parse(row!.updatedAt) + 90_000).toISOString(),
      })
      .where(eq(events.id, fx.dst!.id));
    const after = parseCalendar(await (await get(path)).text()).events[0]!;
    expect(after.e.uid).toBe(before.e.uid);
    expect(after.e.uid).toMatch(/^event-\d+@engagement-directory\.org$/);
    expect(after.e.summary).toBe('Clocks change, meeting moved');
    expect(after.e.sequence).toBeGreaterThan(before.e.sequence);
    expect(after.e.sequence - before.e.sequence).toBe(90);
  });

  it('the seeded catalogue: a topic feed includes its narrower topics, and month-only dates are all-day', async () => {
    const text = await (await get('/feeds/events.ics?topic=ai')).text();
    const { events: found } = parseCalendar(text);
    const liverpool = found.find(({ e }) => e.summary === 'AI Public Dialogues: Liverpool workshop');
    expect(liverpool).toBeDefined();
    expect(liverpool!.e.startDate.isDate).toBe(true);
    expect(liverpool!.e.startDate.toString()).toBe('2024-09-01');
    expect(liverpool!.e.description).toContain('Only the month is known: September 2024.');
    expect(liverpool!.e.location).toBe('Liverpool, North West');
    // An alias resolves to its topic, in any case.
    const byAlias = parseCalendar(await (await get('/feeds/events.ics?topic=Artificial%20Intelligence')).text());
    expect(byAlias.events.map(({ e }) => e.uid).sort()).toEqual(found.map(({ e }) => e.uid).sort());
  });

  it('everything, when no scope is given', async () => {
    const { events: found } = parseCalendar(await (await get('/feeds/events.ics')).text());
    const { body } = await t.graphql('{ events(first: 100, filter: { timeframe: ALL }) { totalCount } }');
    expect(found.length).toBe(body.data.events.totalCount);
  });
});

describe('Atom and JSON Feed', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

  it('Atom for new events on a topic parses back, with ids, links and escaped text', async () => {
    const res = await get(`/feeds/events.atom?topic=${fx.topic!.slug}`);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const doc = xml.parse(await res.text(), true);
    expect(doc.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(doc.feed.title['#text']).toBe('Engagement Directory: new events on Feeds topic');
    const entries = asList<any>(doc.feed.entry);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.id).toMatch(/^tag:engagement-directory\.org,2024:event:\d+$/);
      expect(asList<any>(entry.link)[0]['@href']).toMatch(/^http:\/\/localhost:3000\/events\//);
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
    }
    const dst = entries.find((e) => String(e.title['#text'] ?? e.title).includes('Clocks change'));
    expect(asList<any>(dst.author)[0].name).toBe('Feeds & Co <test>');
  });

  it('Atom and JSON Feed for new case studies', async () => {
    const atom = xml.parse(await (await get(`/feeds/case-studies.atom?organisation=${fx.org!.slug}`)).text(), true);
    const entries = asList<any>(atom.feed.entry);
    expect(entries.map((e) => String(e.title['#text'] ?? e.title))).toEqual(['A case study with <angle> & ampersand']);
    const json = await (await get(`/feeds/case-studies.json?topic=${fx.topic!.slug}`)).json();
    expect(json.version).toBe('https://jsonfeed.org/version/1');
    expect(json.items.map((i: any) => i.title)).toEqual(['A case study with <angle> & ampersand']);
    expect(json.items[0].url).toBe(`http://localhost:3000/case-studies/${fx.caseStudy!.slug}`);
    expect(json.feed_url).toBe(`http://localhost:3000/feeds/case-studies.json?topic=${fx.topic!.slug}`);
  });

  it('the seeded catalogue has case studies in its news feed', async () => {
    const json = await (await get('/feeds/case-studies.json?topic=ai-in-public-services')).json();
    expect(json.items.map((i: any) => i.title)).toContain('AI Public Dialogues');
  });
});

describe('caching', () => {
  it('answers 304 to a matching If-None-Match, with the same ETag and Cache-Control, and a new ETag after an edit', async () => {
    const path = `/feeds/events.ics?topic=${fx.topic!.slug}`;
    const first = await get(path);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const again = await get(path, { 'if-none-match': tag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await get(path, { 'if-none-match': '"something-else"' })).status).toBe(200);

    await t.handle.db
      .update(events)
      .set({ title: 'Called off, really', updatedAt: new Date().toISOString() })
      .where(eq(events.id, fx.cancelled!.id));
    const changed = await get(path, { 'if-none-match': tag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
  });
});

describe('hostile query strings', () => {
  const expectError = async (path: string, status: number, message: RegExp) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/select|postgres|stack/i);
  };

  it('a name that matches nothing is a 404 that says so', async () => {
    await expectError('/feeds/events.ics?topic=no-such-topic', 404, /No published topic is called "no-such-topic"/);
    await expectError(`/feeds/events.ics?topic=${encodeURIComponent("x' OR '1'='1")}`, 404, /No published topic/);
    await expectError(`/feeds/events.atom?topic=${encodeURIComponent('データ🦄')}`, 404, /No published topic/);
    await expectError('/feeds/events.ics?organisation=nobody', 404, /No published organisation/);
    await expectError('/feeds/events.ics?series=none', 404, /No published event series/);
  });

  it('bad parameters are a 400 naming the parameter', async () => {
    await expectError(`/feeds/events.ics?topic=${'a'.repeat(5000)}`, 400, /topic: must be at most 100 characters/);
    await expectError('/feeds/events.ics?topic=a%00b', 400, /topic: must not contain control characters/);
    await expectError('/feeds/events.ics?topic=', 400, /topic: must not be empty/);
    await expectError('/feeds/case-studies.atom?series=x', 400, /series: not available on this feed; use topic, organisation/);
    await expectError(
      `/feeds/events.ics?${Array.from({ length: 20 }, (_, i) => `topic=t${i}`).join('&')}`,
      400,
      /topic: at most 10 values/,
    );
  });

  it('a draft topic does not give a feed', async () => {
    const hidden = await createTopic({ db: t.handle.db, publicationState: 'draft' });
    await expectError(`/feeds/events.ics?topic=${hidden.slug}`, 404, /No published topic/);
  });
});
