// Page defects from the user trial: invented days, a dead oEmbed link, two meanings of "organisations on a topic",
// a subscribe footer with one topic of several, and JSON-LD that said what nobody knows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listingQueries } from '../src/modules/embed/documents.ts';
import { createEvent, createOrganisation, createTopic } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createSeededTestApp();
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
const jsonLd = async (path: string) => (await get(path, { accept: 'application/ld+json' })).json() as Promise<any>;

describe('dates known only to the month', () => {
  it('the case-study page says "September 2024", not a made-up first of the month', async () => {
    const body = await (await get('/case-studies/ai-public-dialogues')).text();
    expect(body).toMatch(/<dt>Started<\/dt><dd><time datetime="2024-09">September 2024<\/time><\/dd>/);
    expect(body).not.toContain('2024-09-01');
  });

  it('its JSON-LD uses the work’s own dates at their precision, not the load time', async () => {
    const ld = await jsonLd('/case-studies/ai-public-dialogues');
    expect(ld.temporalCoverage).toMatch(/^2024-09\/\d{4}-\d{2}$/);
    expect(ld.dateCreated).toBe('2024-09');
    expect(JSON.stringify(ld)).not.toContain('2024-09-01');
  });
});

describe('oEmbed on topic pages', () => {
  it('the link a topic page advertises answers with its upcoming events', async () => {
    const body = await (await get('/topics/health')).text();
    const href = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(body)?.[1];
    expect(href).toBeDefined();
    const url = new URL(href!.replace(/&amp;/g, '&'));
    const res = await get(`${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    const oembed = (await res.json()) as any;
    expect(oembed).toMatchObject({ version: '1.0', type: 'rich', title: 'Upcoming events on Health from the Engagement Directory' });
    const src = /src="([^"]+)"/.exec(oembed.html)![1]!.replace(/&amp;/g, '&');
    expect(src).toBe(`${t.config.PUBLIC_URL}/embed/events?topic=health&limit=5`);
    expect((await get(new URL(src).pathname + new URL(src).search)).status).toBe(200);
  });

  it('a topic nobody published is a 404 there too', async () => {
    const hidden = await createTopic({ db: t.handle.db, publicationState: 'draft' });
    const res = await get(`/oembed?url=${encodeURIComponent(`${t.config.PUBLIC_URL}/topics/${hidden.slug}`)}`);
    expect(res.status).toBe(404);
  });
});

describe('organisations on a topic: one meaning everywhere', () => {
  it('the topic page, the GraphQL filter, the topic page query and the embed agree', async () => {
    const page = await (await get('/topics/health')).text();
    const onPage = Number(/Organisations <span>\((\d+)\)<\/span>/.exec(page)?.[1]);
    expect(onPage).toBeGreaterThan(0);
    const { body } = await t.graphql(
      `{ organisations(first: 100, filter: { topics: ["health"] }) { totalCount nodes { slug } }
         topic(slug: "health") { page { organisations { totalCount } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.organisations.totalCount).toBe(onPage);
    expect(body.data.topic.page.organisations.totalCount).toBe(onPage);
    for (const { slug } of body.data.organisations.nodes) expect(page).toContain(`/organisations/${slug}"`);
    const variables = JSON.stringify({ first: 20, filter: { topics: ['health'] }, search: null });
    const embed = await get(`/graphql?documentId=sha256:${listingQueries.organisations.hash}&variables=${encodeURIComponent(variables)}`, {
      accept: 'application/graphql-response+json',
    });
    // The embed asks for a bounded count (exact up to 1,000): here it is exact.
    expect(((await embed.json()) as any).data.organisations.count).toEqual({ value: onPage, exact: true });
    const frame = await (await get('/embed/organisations?topic=health&limit=20')).text();
    expect(frame).not.toContain('No organisations match yet');
  });

  it('an organisation that only runs published events on a topic counts; one behind a draft event does not', async () => {
    const db = t.handle.db;
    const topic = await createTopic({ db, label: 'Meaning check' });
    const worker = await createOrganisation({ db, name: 'Runs a published event' });
    const hidden = await createOrganisation({ db, name: 'Runs only a draft' });
    await createEvent({ db, topics: [topic], organisers: [{ organisation: worker }] });
    await createEvent({ db, topics: [topic], organisers: [{ organisation: hidden }], publicationState: 'draft' });
    const { body } = await t.graphql(`{ organisations(filter: { topics: ["${topic.slug}"] }) { nodes { name } } }`);
    expect(body.data.organisations.nodes.map((n: any) => n.name)).toEqual(['Runs a published event']);
  });
});

describe('the event page’s Subscribe footer', () => {
  it('offers the event’s feeds across all of its topics, not just the first', async () => {
    const db = t.handle.db;
    const [a, b] = [await createTopic({ db, label: 'Aardvarks' }), await createTopic({ db, label: 'Zebras' })];
    const e = await createEvent({ db, title: 'Two topics', topics: [a, b] });
    const body = await (await get(`/events/${e.slug}`)).text();
    const footer = body.slice(body.indexOf('<footer'));
    expect(footer).toContain(`/feeds/events.ics?topic=${a.slug}&amp;topic=${b.slug}`);
    expect(footer).toContain('Calendar of events on Aardvarks or Zebras');
    const feed = await get(`/feeds/events.ics?topic=${a.slug}&topic=${b.slug}`);
    expect(feed.status).toBe(200);
  });
});

describe('JSON-LD says only what is known', () => {
  it('a free-text venue is a Place by name with no empty address; no organiser means no "organizer"', async () => {
    const e = await createEvent({ db: t.handle.db, title: 'In the village hall', format: 'in_person', venue: 'Village hall' });
    const ld = await jsonLd(`/events/${e.slug}`);
    expect(ld.location).toEqual({ '@type': 'Place', name: 'Village hall' });
    expect(ld).not.toHaveProperty('organizer');
    expect(JSON.stringify(ld)).not.toMatch(/\{"@type":"PostalAddress"\}|\[\]/);
  });

  it('a seeded event known to the month keeps its place’s address and its organisers', async () => {
    const ld = await jsonLd('/events/ai-public-dialogues-workshop-liverpool');
    expect(ld.startDate).toBe('2024-09');
    expect(ld.location.address).toMatchObject({ '@type': 'PostalAddress', addressLocality: 'Liverpool', addressCountry: 'GB' });
    expect(ld.organizer.length).toBeGreaterThan(0);
  });
});
