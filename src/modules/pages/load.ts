// Loads one published entry with what its public page shows; related entries that are not published are dropped.
import { sql } from 'drizzle-orm';
import { events } from '../../../schema/events.ts';
import { type Db, rowsOf } from '../../db.ts';
import { isPublished, PUBLISHED, publishedSql } from '../catalogue/visibility.ts';
import { upcomingSql } from '../events/event-filter.ts';
import { caseStudiesOnTopic, eventsOnTopic, methodsOnTopic, organisationsOnTopic, subtreeById } from '../topics/topic-scope.ts';

const pub = <T extends { publicationState: string }>(rows: T[]) => rows.filter(isPublished);
const pubOne = <T extends { publicationState: string }>(row: T | null | undefined) => (isPublished(row) ? row : null);

export async function loadEventPage(db: Db, slug: string) {
  const e = await db.query.events.findFirst({
    where: { slug, publicationState: PUBLISHED },
    with: {
      place: true,
      series: true,
      topics: { orderBy: { label: 'asc' } },
      methods: { orderBy: { name: 'asc' } },
      organiserRoles: { with: { organisation: true } },
      speakers: { orderBy: { position: 'asc', id: 'asc' }, with: { organisation: true } },
    },
  });
  if (!e) return null;
  return {
    ...e,
    series: pubOne(e.series),
    topics: pub(e.topics),
    methods: pub(e.methods),
    organisers: e.organiserRoles.filter((r) => isPublished(r.organisation)),
    speakers: e.speakers.map((s) => ({ ...s, organisation: pubOne(s.organisation) })),
  };
}
export type EventPageData = NonNullable<Awaited<ReturnType<typeof loadEventPage>>>;

export async function loadOrganisationPage(db: Db, slug: string) {
  const o = await db.query.organisations.findFirst({
    where: { slug, publicationState: PUBLISHED },
    with: {
      parent: true,
      children: { orderBy: { name: 'asc' } },
      topics: { orderBy: { label: 'asc' } },
      caseStudyRoles: { with: { caseStudy: true } },
      eventRoles: { with: { event: true } },
    },
  });
  if (!o) return null;
  return {
    ...o,
    parent: pubOne(o.parent),
    children: pub(o.children),
    topics: pub(o.topics),
    caseStudies: o.caseStudyRoles.filter((r) => isPublished(r.caseStudy)),
    events: o.eventRoles.filter((r) => isPublished(r.event)).sort((a, b) => Date.parse(b.event.startsAt!) - Date.parse(a.event.startsAt!)),
  };
}
export type OrganisationPageData = NonNullable<Awaited<ReturnType<typeof loadOrganisationPage>>>;

export async function loadCaseStudyPage(db: Db, slug: string) {
  const c = await db.query.caseStudies.findFirst({
    where: { slug, publicationState: PUBLISHED },
    with: { organisationRoles: { with: { organisation: true } }, methods: true, topics: { orderBy: { label: 'asc' } }, places: true },
  });
  if (!c) return null;
  return {
    ...c,
    methods: pub(c.methods),
    topics: pub(c.topics),
    organisations: c.organisationRoles.filter((r) => isPublished(r.organisation)),
  };
}
export type CaseStudyPageData = NonNullable<Awaited<ReturnType<typeof loadCaseStudyPage>>>;

export async function loadMethodPage(db: Db, slug: string) {
  const m = await db.query.methods.findFirst({
    where: { slug, publicationState: PUBLISHED },
    with: {
      related: { orderBy: { name: 'asc' } },
      caseStudies: { orderBy: { createdAt: 'desc' } },
      events: { orderBy: { startsAt: 'desc' } },
    },
  });
  if (!m) return null;
  return { ...m, related: pub(m.related), caseStudies: pub(m.caseStudies), events: pub(m.events) };
}
export type MethodPageData = NonNullable<Awaited<ReturnType<typeof loadMethodPage>>>;

const TOPIC_LIST = 20;

/** A topic with everything on it, narrower topics included, and the counts behind each list. */
export async function loadTopicPage(db: Db, slug: string) {
  const t = await db.query.topics.findFirst({
    where: { slug, publicationState: PUBLISHED },
    with: { broader: true, narrower: { orderBy: { label: 'asc' } } },
  });
  if (!t) return null;
  const subtree = subtreeById(t.id);
  const upcoming = sql`${publishedSql()} AND ${upcomingSql(events)} AND id IN ${eventsOnTopic(subtree)}`;
  const upcomingEvents = await db.query.events.findMany({
    where: { RAW: (e) => sql`${e.id} IN (SELECT id FROM events WHERE ${upcoming})` },
    orderBy: { startsAt: 'asc' },
    limit: TOPIC_LIST,
  });
  const caseStudies = await db.query.caseStudies.findMany({
    where: { publicationState: PUBLISHED, RAW: (c) => sql`${c.id} IN ${caseStudiesOnTopic(subtree)}` },
    orderBy: { createdAt: 'desc' },
    limit: TOPIC_LIST,
  });
  const organisations = await db.query.organisations.findMany({
    where: { publicationState: PUBLISHED, RAW: (o) => sql`${o.id} IN ${organisationsOnTopic(subtree)}` },
    orderBy: { name: 'asc' },
    limit: TOPIC_LIST,
  });
  const methods = await db.query.methods.findMany({
    where: { publicationState: PUBLISHED, RAW: (m) => sql`${m.id} IN ${methodsOnTopic(subtree)}` },
    orderBy: { name: 'asc' },
    limit: TOPIC_LIST,
  });
  const [counts] = await rowsOf<{ events: number; caseStudies: number; organisations: number; methods: number }>(
    db,
    sql`SELECT
      (SELECT count(*)::int FROM events WHERE ${upcoming}) AS events,
      (SELECT count(*)::int FROM case_studies WHERE ${publishedSql()} AND id IN ${caseStudiesOnTopic(subtree)}) AS "caseStudies",
      (SELECT count(*)::int FROM organisations WHERE ${publishedSql()} AND id IN ${organisationsOnTopic(subtree)}) AS organisations,
      (SELECT count(*)::int FROM methods WHERE ${publishedSql()} AND id IN ${methodsOnTopic(subtree)}) AS methods`,
  );
  return {
    ...t,
    broader: pubOne(t.broader),
    narrower: pub(t.narrower),
    upcomingEvents,
    caseStudies,
    organisations,
    methods,
    counts: counts ?? { events: 0, caseStudies: 0, organisations: 0, methods: 0 },
  };
}
export type TopicPageData = NonNullable<Awaited<ReturnType<typeof loadTopicPage>>>;
