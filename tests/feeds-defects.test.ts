// Feed defects from the user trial: organiser-less entries, invented days, identifiers tied to PUBLIC_URL, the last CRLF.
import ICAL from 'ical.js';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { createCaseStudy, createEvent, createOrganisation, createTopic } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
let topic: { id: number; slug: string };
let lonely: { id: number; slug: string };
let monthOnly: { id: number; slug: string };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.handle.db;
  topic = await createTopic({ db, label: 'Orphans' });
  const draftOrg = await createOrganisation({ db, name: 'Unpublished organiser', publicationState: 'draft' });
  // An organiser nobody may see yet, and an event with none at all: both have no author in public output.
  lonely = await createEvent({ db, title: 'Nobody organises this', topics: [topic] });
  await createEvent({ db, title: 'Organised by a draft', topics: [topic], organisers: [{ organisation: draftOrg }] });
  monthOnly = await createEvent({
    db,
    title: 'Some time in September',
    topics: [topic],
    startsAt: '2024-08-31T23:00:00Z',
    timeZone: 'Europe/London',
    datePrecision: 'month',
  });
  await createCaseStudy({
    db,
    title: 'Case study without organisations',
    topics: [topic],
    startDate: '2024-09-01',
    startDatePrecision: 'month',
  });
});
afterAll(() => t.close());

const get = (path: string) => t.app.request(path);

describe('entries without a published organiser', () => {
  it('JSON Feed of events answers 200 and leaves author out', async () => {
    const res = await get(`/feeds/events.json?topic=${topic.slug}`);
    expect(res.status).toBe(200);
    const feed = await res.json();
    const titles = feed.items.map((i: any) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['Nobody organises this', 'Organised by a draft']));
    for (const item of feed.items) expect(item.author).toBeUndefined();
    expect(JSON.stringify(feed)).not.toContain('Unpublished organiser');
  });

  it('JSON Feed of case studies answers 200 too', async () => {
    const res = await get(`/feeds/case-studies.json?topic=${topic.slug}`);
    expect(res.status).toBe(200);
    expect((await res.json()).items.map((i: any) => i.title)).toEqual(['Case study without organisations']);
  });
});

describe('dates known only to the month', () => {
  it('Atom and JSON Feed summaries say "September 2024", not an invented day and time', async () => {
    const json = await (await get(`/feeds/events.json?topic=${topic.slug}`)).json();
    const item = json.items.find((i: any) => i.title === 'Some time in September');
    expect(item.content_html ?? item.summary ?? item.content_text).toBeDefined();
    const text = JSON.stringify(item);
    expect(text).toContain('September 2024');
    expect(text).not.toMatch(/2024-09-01|T00:00:00/);
    const atom = await (await get(`/feeds/events.atom?topic=${topic.slug}`)).text();
    expect(atom).toContain('September 2024');
    expect(atom).not.toContain('2024-09-01T00:00:00');
    const cases = JSON.stringify(await (await get(`/feeds/case-studies.json?topic=${topic.slug}`)).json());
    expect(cases).toContain('September 2024');
    expect(cases).not.toContain('2024-09-01');
  });

  it('no item claims to be published at the moment its row was loaded', async () => {
    const json = await (await get(`/feeds/events.json?topic=${topic.slug}`)).json();
    for (const item of json.items) expect(item.date_published).toBeUndefined();
    const atom = new XMLParser().parse(await (await get(`/feeds/case-studies.atom?topic=${topic.slug}`)).text());
    expect(atom.feed.entry.published).toBeUndefined();
  });
});

describe('identifiers', () => {
  /** The same database served under another public address, as after a move to a new domain. */
  const movedApp = () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'https://directory.example.org:8443' });
    return createApp({ handle: t.handle, config, logger: createLogger('silent') });
  };

  it('Atom ids are tag URIs without a port (RFC 4151), the same under any PUBLIC_URL', async () => {
    const ids = (xml: string) => [...xml.matchAll(/<id>(tag:[^<]+)<\/id>/g)].map((m) => m[1]).sort();
    const here = ids(await (await get(`/feeds/events.atom?topic=${topic.slug}`)).text());
    const moved = ids(await (await movedApp().request(`/feeds/events.atom?topic=${topic.slug}`)).text());
    expect(here.length).toBe(3);
    expect(here).toContain(`tag:engagement-directory.org,2024:event:${lonely.id}`);
    for (const id of here) expect(id).toMatch(/^tag:[a-z0-9.-]+,2024:event:\d+$/);
    expect(moved).toEqual(here);
  });

  it('iCalendar UIDs do not change when PUBLIC_URL does', async () => {
    const uids = async (res: Response) =>
      new ICAL.Component(ICAL.parse(await res.text()))
        .getAllSubcomponents('vevent')
        .map((v) => v.getFirstPropertyValue('uid'))
        .sort();
    const here = await uids(await get(`/feeds/events.ics?topic=${topic.slug}`));
    expect(here).toContain(`event-${monthOnly.id}@engagement-directory.org`);
    expect(await uids(await movedApp().request(`/feeds/events.ics?topic=${topic.slug}`))).toEqual(here);
  });

  it('ID_AUTHORITY must be a host name without a port', () => {
    expect(() => loadConfig({ ID_AUTHORITY: 'example.org:8080' })).toThrow(/ID_AUTHORITY: must be a DNS name/);
  });
});

describe('iCalendar lines', () => {
  it('every content line ends with CRLF, END:VCALENDAR included', async () => {
    const text = await (await get(`/feeds/events.ics?topic=${topic.slug}`)).text();
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('parameters the feed does not use', () => {
  it('utm_source, fbclid and cache busters are ignored; a known parameter with a bad value is still a 400', async () => {
    const clean = await get(`/feeds/events.atom?topic=${topic.slug}`);
    const tracked = await get(`/feeds/events.atom?topic=${topic.slug}&utm_source=newsletter&fbclid=IwAR0abc&_=1712345678`);
    expect(tracked.status).toBe(200);
    expect(await tracked.text()).toBe(await clean.text());
    const bad = await get('/feeds/events.ics?topic=&utm_source=x');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/topic: must not be empty/);
  });
});
