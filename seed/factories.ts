// Test factories that double as seed helpers: one options object, unique defaults, the inserted row back.
import { randomBytes } from 'node:crypto';
import type { InferInsertModel, InferSelectModel } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  caseStudies,
  caseStudyMethods,
  caseStudyOrganisations,
  caseStudyPlaces,
  type caseStudyRoles,
  caseStudyTopics,
  type eventOrganiserRoles,
  eventOrganisers,
  eventMethods,
  events,
  eventSeries,
  eventTopics,
  methods,
  organisations,
  places,
  topics,
} from '../schema/index.ts';
import type { Db } from '../src/db.ts';

type Overrides<T extends PgTable> = Partial<InferInsertModel<T>>;
type Ref = { id: number };

let counter = 0;

/** A counter keeps one file's entries apart; the random part keeps parallel files apart. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${counter}-${randomBytes(3).toString('hex')}`;
}

async function insertOne<T extends PgTable>(db: Db, table: T, values: InferInsertModel<T>): Promise<InferSelectModel<T>> {
  const [row] = await db
    .insert(table)
    .values(values as never)
    .returning();
  if (!row) throw new Error('Insert returned no row');
  return row as InferSelectModel<T>;
}

export async function createTopic({ db, ...overrides }: { db: Db } & Overrides<typeof topics>) {
  const n = uniqueSuffix();
  return insertOne(db, topics, { slug: `topic-${n}`, label: `Topic ${n}`, publicationState: 'published', ...overrides });
}

export async function createPlace({ db, ...overrides }: { db: Db } & Overrides<typeof places>) {
  const n = uniqueSuffix();
  return insertOne(db, places, { slug: `place-${n}`, name: `Place ${n}`, ...overrides });
}

export async function createOrganisation({ db, ...overrides }: { db: Db } & Overrides<typeof organisations>) {
  const n = uniqueSuffix();
  return insertOne(db, organisations, {
    slug: `organisation-${n}`,
    name: `Organisation ${n}`,
    kind: 'other',
    publicationState: 'published',
    ...overrides,
  });
}

export async function createMethod({ db, ...overrides }: { db: Db } & Overrides<typeof methods>) {
  const n = uniqueSuffix();
  return insertOne(db, methods, { slug: `method-${n}`, name: `Method ${n}`, publicationState: 'published', ...overrides });
}

export interface CaseStudyLinks {
  organisations?: { organisation: Ref; role: (typeof caseStudyRoles)[number] }[];
  methods?: Ref[];
  topics?: Ref[];
  places?: Ref[];
}

/** A case study and its join rows, written together so a bad reference leaves nothing behind. */
export async function createCaseStudy({
  db,
  organisations: roles = [],
  methods: methodRefs = [],
  topics: topicRefs = [],
  places: placeRefs = [],
  ...overrides
}: { db: Db } & CaseStudyLinks & Overrides<typeof caseStudies>) {
  const n = uniqueSuffix();
  return db.transaction(async (tx) => {
    const row = await insertOne(tx, caseStudies, {
      slug: `case-study-${n}`,
      title: `Case study ${n}`,
      publicationState: 'published',
      ...overrides,
    });
    const caseStudyId = row.id;
    if (roles.length)
      await tx
        .insert(caseStudyOrganisations)
        .values(roles.map(({ organisation, role }) => ({ caseStudyId, organisationId: organisation.id, role })));
    if (methodRefs.length) await tx.insert(caseStudyMethods).values(methodRefs.map(({ id }) => ({ caseStudyId, methodId: id })));
    if (topicRefs.length) await tx.insert(caseStudyTopics).values(topicRefs.map(({ id }) => ({ caseStudyId, topicId: id })));
    if (placeRefs.length) await tx.insert(caseStudyPlaces).values(placeRefs.map(({ id }) => ({ caseStudyId, placeId: id })));
    return row;
  });
}

export async function createEventSeries({
  db,
  organisation,
  ...overrides
}: { db: Db; organisation?: Ref } & Overrides<typeof eventSeries>) {
  const n = uniqueSuffix();
  return insertOne(db, eventSeries, {
    slug: `event-series-${n}`,
    name: `Event series ${n}`,
    organisationId: organisation?.id ?? null,
    publicationState: 'published',
    ...overrides,
  });
}

export interface EventLinks {
  organisers?: { organisation: Ref; role?: (typeof eventOrganiserRoles)[number] }[];
  topics?: Ref[];
  methods?: Ref[];
  series?: Ref;
  place?: Ref;
}

const week = 7 * 24 * 60 * 60 * 1000;

/** An event a week ahead by default, so listings of upcoming events include it. */
export async function createEvent({
  db,
  organisers = [],
  topics: topicRefs = [],
  methods: methodRefs = [],
  series,
  place,
  ...overrides
}: { db: Db } & EventLinks & Overrides<typeof events>) {
  const n = uniqueSuffix();
  return db.transaction(async (tx) => {
    const row = await insertOne(tx, events, {
      slug: `event-${n}`,
      title: `Event ${n}`,
      startsAt: new Date(Date.now() + week).toISOString(),
      format: 'online',
      seriesId: series?.id ?? null,
      placeId: place?.id ?? null,
      publicationState: 'published',
      ...overrides,
    });
    const eventId = row.id;
    if (organisers.length)
      await tx
        .insert(eventOrganisers)
        .values(organisers.map(({ organisation, role }) => ({ eventId, organisationId: organisation.id, role: role ?? 'organiser' })));
    if (topicRefs.length) await tx.insert(eventTopics).values(topicRefs.map(({ id }) => ({ eventId, topicId: id })));
    if (methodRefs.length) await tx.insert(eventMethods).values(methodRefs.map(({ id }) => ({ eventId, methodId: id })));
    return row;
  });
}
