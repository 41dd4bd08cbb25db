// Events as the profile's `event` object: the list form a page at a time, and one in full with its organisers and topics.
import { and, asc, count, eq, gt, gte } from 'drizzle-orm';
import { PUBLISHED, type DatePrecision } from '../../../schema/columns.ts';
import { isLocalEntry } from '../sync/origins.ts';
import { eventOrganisers, events, eventTopics, type eventStatuses } from '../../../schema/events.ts';
import type { engagementFormats } from '../../../schema/case-studies.ts';
import { organisations } from '../../../schema/organisations.ts';
import { places } from '../../../schema/places.ts';
import type { Db } from '../../db.ts';
import { pageUrl } from '../following/change-feed.ts';
import { findByHsdsId, hsdsId } from './ids.ts';
import type { ListQuery } from './params.ts';
import { topicAttributes, type HsdsAttribute } from './topics.ts';

export interface HsdsEventListItem {
  id: string;
  name: string;
  description?: string;
  start_datetime: string;
  end_datetime?: string;
  time_zone: string;
  date_precision: DatePrecision;
  attendance: (typeof engagementFormats)[number];
  status: (typeof eventStatuses)[number];
  venue?: string;
  place?: string;
  online_url?: string;
  registration_url?: string;
  url: string;
  last_modified: string;
}

export interface HsdsEvent extends HsdsEventListItem {
  organizations: { organization_id: string; role: string }[];
  attributes: HsdsAttribute[];
}

const columns = {
  id: events.id,
  slug: events.slug,
  title: events.title,
  description: events.description,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  timeZone: events.timeZone,
  datePrecision: events.datePrecision,
  format: events.format,
  status: events.status,
  venue: events.venue,
  placeName: places.name,
  onlineUrl: events.onlineUrl,
  registrationUrl: events.registrationUrl,
  updatedAt: events.updatedAt,
};
type Row = {
  id: number;
  slug: string;
  title: string;
  description: string | null;
  startsAt: string | null;
  endsAt: string | null;
  timeZone: string;
  datePrecision: DatePrecision;
  format: HsdsEventListItem['attendance'] | null;
  status: HsdsEventListItem['status'];
  venue: string | null;
  placeName: string | null;
  onlineUrl: string | null;
  registrationUrl: string | null;
  updatedAt: string;
};

const publishedSince = (after: string | null) =>
  and(eq(events.publicationState, PUBLISHED), isLocalEntry('event', events.id), after ? gte(events.updatedAt, after) : undefined);
const present = <K extends string>(key: K, value: string | null) => (value ? ({ [key]: value } as Record<K, string>) : {});
const instant = (value: string) => new Date(value).toISOString();

export function eventListItem(row: Row, base: string): HsdsEventListItem {
  return {
    id: hsdsId('event', row.id),
    name: row.title,
    ...present('description', row.description),
    // Published events always have a start and a format (events_complete_unless_draft).
    start_datetime: instant(row.startsAt!),
    ...(row.endsAt ? { end_datetime: instant(row.endsAt) } : {}),
    time_zone: row.timeZone,
    date_precision: row.datePrecision,
    attendance: row.format!,
    status: row.status,
    ...present('venue', row.venue),
    ...present('place', row.placeName),
    ...present('online_url', row.onlineUrl),
    ...present('registration_url', row.registrationUrl),
    url: pageUrl(base, 'event', row.slug)!,
    last_modified: instant(row.updatedAt),
  };
}

const selectEvents = (db: Db) => db.select(columns).from(events).leftJoin(places, eq(places.id, events.placeId));

/** One page of the list: two statements (the count, the rows). */
export async function listEvents(db: Db, q: ListQuery, base: string) {
  const where = publishedSince(q.modifiedAfter);
  const [counted] = await db.select({ total: count() }).from(events).where(where);
  const rows = await selectEvents(db)
    .where(where)
    .orderBy(asc(events.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  return { events: rows.map((r) => eventListItem(r, base)), total: counted?.total ?? 0 };
}

/** The list items after `afterId`, for the ndjson dump. */
export async function eventsBatch(db: Db, o: { afterId: number; size: number; modifiedAfter: string | null; base: string }) {
  const rows = await selectEvents(db)
    .where(and(publishedSince(o.modifiedAfter), gt(events.id, o.afterId)))
    .orderBy(asc(events.id))
    .limit(o.size);
  return { items: rows.map((r) => eventListItem(r, o.base)), lastId: rows.at(-1)?.id ?? null };
}

/** One published event in full, by HSDS id, or null: four statements (find the id, the row, its organisers, its topics). */
export async function findEvent(db: Db, uuid: string, base: string): Promise<HsdsEvent | null> {
  const published = await db.select({ id: events.id }).from(events).where(eq(events.publicationState, PUBLISHED));
  const id = findByHsdsId(
    'event',
    published.map((r) => r.id),
    uuid,
  );
  if (id === null) return null;
  const [row] = await selectEvents(db).where(
    and(eq(events.id, id), eq(events.publicationState, PUBLISHED), isLocalEntry('event', events.id)),
  );
  if (!row) return null;
  // Published organisers only, as on the event's page.
  const organisers = await db
    .select({ organisationId: eventOrganisers.organisationId, role: eventOrganisers.role })
    .from(eventOrganisers)
    .innerJoin(organisations, and(eq(organisations.id, eventOrganisers.organisationId), eq(organisations.publicationState, PUBLISHED)))
    .where(eq(eventOrganisers.eventId, id))
    .orderBy(asc(eventOrganisers.organisationId));
  const attributes = await topicAttributes(db, {
    type: 'event',
    entity: 'event',
    junction: eventTopics,
    entryColumn: eventTopics.eventId,
    topicColumn: eventTopics.topicId,
    ids: [id],
    base,
  });
  return {
    ...eventListItem(row, base),
    organizations: organisers.map((o) => ({ organization_id: hsdsId('organisation', o.organisationId), role: o.role })),
    attributes: attributes.get(id) ?? [],
  };
}
