// The seed catalogue loads the documents' facts, loads idempotently, and the factories make unique entries.
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../schema/index.ts';
import { createDb, type DbHandle } from '../src/db.ts';
import { catalogue, type Catalogue } from '../seed/catalogue.ts';
import {
  createCaseStudy,
  createEvent,
  createEventSeries,
  createMethod,
  createOrganisation,
  createPlace,
  createTopic,
} from '../seed/factories.ts';
import { isCatalogueEmpty, seedCatalogue } from '../seed/load.ts';

let handle: DbHandle;
const db = () => handle.db;

beforeAll(async () => {
  handle = await createDb({ memory: true });
});

afterAll(async () => {
  await handle?.close();
});

const entryCount = Object.values(catalogue).reduce((sum, entries) => sum + entries.length, 0);

const snapshotTables: PgTable[] = [
  schema.topics,
  schema.places,
  schema.organisations,
  schema.organisationTopics,
  schema.methods,
  schema.caseStudies,
  schema.caseStudyOrganisations,
  schema.caseStudyMethods,
  schema.caseStudyTopics,
  schema.caseStudyPlaces,
  schema.eventSeries,
  schema.events,
  schema.eventOrganisers,
  schema.eventTopics,
  schema.eventMethods,
  schema.eventSpeakers,
];

/** Every row of every table the seed writes, in a stable order, to compare two loads exactly. */
async function snapshot(): Promise<string[][]> {
  const tables = [];
  for (const table of snapshotTables) {
    const rows = await db().select().from(table);
    tables.push(rows.map((row) => JSON.stringify(row)).sort());
  }
  return tables;
}

describe('seedCatalogue', () => {
  it('starts from an empty catalogue and inserts every entry', async () => {
    expect(await isCatalogueEmpty(db())).toBe(true);
    expect(await seedCatalogue(db())).toEqual({ inserted: entryCount, updated: 0 });
    expect(await isCatalogueEmpty(db())).toBe(false);
  });

  it('loads the AI Public Dialogues as the case study tells them', async () => {
    const study = await db().query.caseStudies.findFirst({
      where: { slug: 'ai-public-dialogues' },
      with: { places: true, topics: true, methods: true, organisationRoles: { with: { organisation: true } } },
    });
    expect(study).toMatchObject({
      participantCount: 40,
      startDate: '2024-09-01',
      startDatePrecision: 'month',
      publicationState: 'published',
    });
    expect(study!.places.map((p) => p.name).sort()).toEqual(['Cambridge', 'Liverpool']);
    expect(study!.findings).toHaveLength(4);
    expect(study!.links).toEqual([{ url: 'https://youtu.be/rzL_IW_knWI', label: 'Video', kind: 'video' }]);
    expect(study!.topics.map((t) => t.slug).sort()).toEqual(['crime-and-policing', 'education', 'energy-and-net-zero', 'health']);
    expect(study!.methods.map((m) => m.slug)).toEqual(['public-dialogue']);
    const roles = study!.organisationRoles.map((r) => `${r.organisation.slug}:${r.role}`);
    expect(roles).toEqual(
      expect.arrayContaining(['ai-at-cam:convener', 'hopkins-van-mil:delivery_partner', 'kings-college-london:expert_contributor']),
    );
    expect(study!.scope).toBeNull();
  });

  it('places ai@cam under the University of Cambridge and missions under AI in public services', async () => {
    const aiAtCam = await db().query.organisations.findFirst({ where: { slug: 'ai-at-cam' }, with: { parent: true } });
    expect(aiAtCam?.parent?.name).toBe('University of Cambridge');
    const services = await db().query.topics.findFirst({
      where: { slug: 'ai-in-public-services' },
      with: { narrower: true, broader: true },
    });
    expect(services?.broader?.slug).toBe('ai');
    expect(services?.narrower).toHaveLength(4);
    const engagement = await db().query.topics.findFirst({ where: { slug: 'public-engagement' } });
    expect(engagement?.aliases).toEqual(expect.arrayContaining(['public involvement', 'participation']));
  });

  it('dates the workshops to their month, with no speakers invented', async () => {
    const liverpool = await db().query.events.findFirst({
      where: { slug: 'ai-public-dialogues-workshop-liverpool' },
      with: { place: true, organiserRoles: { with: { organisation: true } }, speakers: true },
    });
    expect(liverpool).toMatchObject({ datePrecision: 'month', format: 'in_person', place: { name: 'Liverpool' }, speakers: [] });
    expect(new Date(liverpool!.startsAt!).toISOString()).toBe('2024-08-31T23:00:00.000Z');
    expect(liverpool!.organiserRoles.find((r) => r.role === 'organiser')?.organisation.slug).toBe('ai-at-cam');
    const series = await db().query.eventSeries.findFirst({ with: { events: true, organisation: true } });
    expect(series).toMatchObject({ frequency: 'monthly(ish)', organisation: { name: 'Connected by Data' } });
    expect(series!.events).toHaveLength(2);
  });

  it('updates rather than inserts on a second run, leaving identical rows', async () => {
    const before = await snapshot();
    expect(await seedCatalogue(db())).toEqual({ inserted: 0, updated: entryCount });
    expect(await snapshot()).toEqual(before);
  });

  it('replaces join rows and bumps updatedAt only for a changed entry', async () => {
    const edited: Catalogue = structuredClone(catalogue);
    const study = edited.caseStudies.find((c) => c.slug === 'ai-public-dialogues')!;
    study.places = ['liverpool'];
    const find = () => db().query.caseStudies.findFirst({ where: { slug: 'ai-public-dialogues' }, with: { places: true } });
    const untouched = () => db().query.topics.findFirst({ where: { slug: 'ai' } });
    const [studyBefore, topicBefore] = [await find(), await untouched()];
    await seedCatalogue(db(), edited);
    const [studyAfter, topicAfter] = [await find(), await untouched()];
    expect(studyAfter!.places.map((p) => p.slug)).toEqual(['liverpool']);
    expect(studyAfter!.updatedAt).not.toBe(studyBefore!.updatedAt);
    expect(topicAfter!.updatedAt).toBe(topicBefore!.updatedAt);
    await seedCatalogue(db());
  });

  it('names a missing slug and writes nothing', async () => {
    const broken: Catalogue = structuredClone(catalogue);
    broken.events[0]!.organisers = [{ organisation: 'no-such-organisation', role: 'organiser' }];
    broken.topics.push({ slug: 'written-then-rolled-back', label: 'Rolled back', description: null, aliases: [], broader: null });
    await expect(seedCatalogue(db(), broken)).rejects.toThrow(/organisation "no-such-organisation"/);
    expect(await db().query.topics.findFirst({ where: { slug: 'written-then-rolled-back' } })).toBeUndefined();
  });
});

describe('factories', () => {
  it('give every entry a unique slug and name, published unless told otherwise', async () => {
    const [a, b] = [await createOrganisation({ db: db() }), await createOrganisation({ db: db() })];
    expect(a.slug).not.toBe(b.slug);
    expect(a.name).not.toBe(b.name);
    expect(a.publicationState).toBe('published');
    const draft = await createTopic({ db: db(), publicationState: 'draft', label: 'Drafted' });
    expect(draft).toMatchObject({ publicationState: 'draft', label: 'Drafted' });
  });

  it('link a case study to organisations with roles, methods, topics and places', async () => {
    const [org, method, topic, place] = [
      await createOrganisation({ db: db() }),
      await createMethod({ db: db() }),
      await createTopic({ db: db() }),
      await createPlace({ db: db() }),
    ];
    const row = await createCaseStudy({
      db: db(),
      organisations: [{ organisation: org, role: 'funder' }],
      methods: [method],
      topics: [topic],
      places: [place],
    });
    const study = await db().query.caseStudies.findFirst({
      where: { id: row.id },
      with: { organisationRoles: true, methods: true, topics: true, places: true },
    });
    expect(study).toMatchObject({
      organisationRoles: [{ organisationId: org.id, role: 'funder' }],
      methods: [{ id: method.id }],
      topics: [{ id: topic.id }],
      places: [{ id: place.id }],
    });
  });

  it('put an event in a series and a place, with organisers and topics', async () => {
    const org = await createOrganisation({ db: db() });
    const [series, place, topic] = [
      await createEventSeries({ db: db(), organisation: org }),
      await createPlace({ db: db() }),
      await createTopic({ db: db() }),
    ];
    const row = await createEvent({ db: db(), series, place, organisers: [{ organisation: org }], topics: [topic] });
    const event = await db().query.events.findFirst({ where: { id: row.id }, with: { organiserRoles: true, topics: true } });
    expect(event).toMatchObject({
      seriesId: series.id,
      placeId: place.id,
      organiserRoles: [{ organisationId: org.id, role: 'organiser' }],
      topics: [{ id: topic.id }],
    });
    expect(series.organisationId).toBe(org.id);
  });
});
