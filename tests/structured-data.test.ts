// Every entry page's JSON-LD, read from the page as a crawler reads it, expands as JSON-LD (the `jsonld` package)
// and carries what search engines require for its type; nothing is empty or invented.
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createPlace } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

const S = 'https://schema.org/';

/**
 * The schema.org context, served offline: its vocabulary and the properties it types as IRIs (the part
 * expansion depends on). The live context at https://schema.org/ says the same for these terms.
 */
const schemaOrgContext = {
  '@context': {
    '@vocab': S,
    url: { '@type': '@id' },
    sameAs: { '@type': '@id' },
    eventStatus: { '@type': '@id' },
    eventAttendanceMode: { '@type': '@id' },
  },
};
const documentLoader = async (url: string) => {
  if (url.replace(/\/$/, '') !== 'https://schema.org') throw new Error(`no network in tests: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: schemaOrgContext };
};

type Node = Record<string, any>;
const values = (node: Node, property: string): any[] => node[`${S}${property}`] ?? [];
const value = (node: Node, property: string) => values(node, property)[0]?.['@value'] ?? values(node, property)[0]?.['@id'];
const typeOf = (node: Node) => (node['@type'] ?? []).map((t: string) => t.replace(S, ''));

let t: TestApp;
const paths: Record<string, string> = {};
beforeAll(async () => {
  t = await createSeededTestApp();
  const db = t.handle.db;
  const place = await createPlace({ db, name: 'Leeds', region: 'Yorkshire', country: 'GB' });
  paths.inPerson = '/events/ai-public-dialogues-workshop-liverpool';
  paths.online = `/events/${(await createEvent({ db, title: 'Online, no link yet', format: 'online' })).slug}`;
  paths.hybrid = `/events/${(await createEvent({ db, title: 'Hybrid', format: 'hybrid', place, onlineUrl: 'https://meet.example/x' })).slug}`;
  paths.venueOnly = `/events/${(await createEvent({ db, title: 'Hall', format: 'in_person', venue: 'Village hall' })).slug}`;
  paths.organisation = '/organisations/connected-by-data';
  paths.caseStudy = '/case-studies/ai-public-dialogues';
  paths.method = '/methods/public-dialogue';
  paths.topic = '/topics/health';
});
afterAll(() => t.close());

/** The JSON-LD in the page's <script type="application/ld+json">, expanded. */
async function expanded(path: string): Promise<{ raw: Node; node: Node }> {
  const html = await (await t.app.request(path)).text();
  const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(script, path).toBeDefined();
  const raw = JSON.parse(script!);
  const [node] = (await jsonld.expand(raw, { documentLoader: documentLoader as any })) as Node[];
  return { raw, node: node! };
}

/** No empty objects (an address with nothing in it), no empty lists, no null: unknown things are left out. */
function assertNothingEmpty(value: unknown, where: string): void {
  if (value === null || value === '') throw new Error(`${where} is empty`);
  if (Array.isArray(value)) {
    expect(value.length, `${where} is an empty list`).toBeGreaterThan(0);
    for (const [i, v] of value.entries()) assertNothingEmpty(v, `${where}[${i}]`);
  } else if (typeof value === 'object') {
    const keys = Object.keys(value as object).filter((k) => k !== '@type');
    expect(keys.length, `${where} has nothing but its @type`).toBeGreaterThan(0);
    for (const k of keys) assertNothingEmpty((value as Node)[k], `${where}.${k}`);
  }
}

/** ISO 8601 as schema.org's Date and DateTime take it, including the reduced "2024-09" and "2024". */
const isoDate = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

describe('JSON-LD on every entry page', () => {
  it.each(['inPerson', 'online', 'hybrid', 'venueOnly', 'organisation', 'caseStudy', 'method', 'topic'])(
    '%s: expands, and nothing in it is empty',
    async (key) => {
      const { raw, node } = await expanded(paths[key]!);
      expect(node['@id']).toBe(`${t.config.PUBLIC_URL}${paths[key]}${raw['@id'].slice(raw['@id'].indexOf('#'))}`);
      expect(value(node, 'url')).toBe(`${t.config.PUBLIC_URL}${paths[key]}`);
      expect(value(node, 'name')).toBeTruthy();
      assertNothingEmpty(raw, key);
    },
  );

  it('Event: name, startDate (ISO 8601), a location, status and attendance mode', async () => {
    for (const key of ['inPerson', 'online', 'hybrid', 'venueOnly']) {
      const { node } = await expanded(paths[key]!);
      expect(typeOf(node)).toEqual(['Event']);
      expect(value(node, 'startDate')).toMatch(isoDate);
      expect(value(node, 'eventStatus')).toMatch(/^https:\/\/schema\.org\/Event(Scheduled|Postponed|Cancelled)$/);
      expect(value(node, 'eventAttendanceMode')).toMatch(/^https:\/\/schema\.org\/(Offline|Online|Mixed)EventAttendanceMode$/);
      const locations = values(node, 'location');
      expect(locations.length, key).toBeGreaterThan(0);
      for (const l of locations) {
        if (typeOf(l).includes('VirtualLocation')) expect(value(l, 'url')).toMatch(/^https?:\/\//);
        else {
          expect(typeOf(l)).toEqual(['Place']);
          expect(value(l, 'name')).toBeTruthy();
        }
      }
    }
    // Known only to the month: the month, not an invented first day.
    expect(value((await expanded(paths.inPerson!)).node, 'startDate')).toBe('2024-09');
    // A place that says where gives a postal address; a free-text venue gives none rather than an empty one.
    const [placed] = values((await expanded(paths.inPerson!)).node, 'location');
    expect(value(values(placed, 'address')[0], 'addressLocality')).toBe('Liverpool');
    const [hall] = values((await expanded(paths.venueOnly!)).node, 'location');
    expect(values(hall, 'address')).toEqual([]);
    const hybrid = values((await expanded(paths.hybrid!)).node, 'location').flatMap(typeOf);
    expect(hybrid.sort()).toEqual(['Place', 'VirtualLocation']);
  });

  it('Organization: name and url, its address only from what is known', async () => {
    const { node } = await expanded(paths.organisation!);
    expect(typeOf(node)).toEqual(['Organization']);
    expect(value(node, 'name')).toBe('Connected by Data');
  });

  it('CreativeWork (case study): name, url, the work’s own dates, contributors as Roles naming organisations', async () => {
    const { node } = await expanded(paths.caseStudy!);
    expect(typeOf(node)).toEqual(['CreativeWork']);
    expect(value(node, 'dateCreated')).toMatch(isoDate);
    expect(value(node, 'dateCreated')).toBe('2024-09');
    const roles = values(node, 'contributor');
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(typeOf(role)).toEqual(['Role']);
      const [organisation] = values(role, 'contributor');
      expect(typeOf(organisation)).toEqual(['Organization']);
      expect(value(organisation, 'name')).toBeTruthy();
      expect(value(organisation, 'url')).toMatch(/\/organisations\//);
    }
  });

  it('DefinedTerm (method, topic): name, url and the set it belongs to', async () => {
    for (const key of ['method', 'topic']) {
      const { node } = await expanded(paths[key]!);
      expect(typeOf(node)).toEqual(['DefinedTerm']);
      const [set] = values(node, 'inDefinedTermSet');
      expect(typeOf(set)).toEqual(['DefinedTermSet']);
      expect(value(set, 'name')).toBeTruthy();
    }
  });
});
