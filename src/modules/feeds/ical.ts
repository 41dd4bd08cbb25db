// The iCalendar (RFC 5545) form of an events feed: stable UIDs, honest SEQUENCE, VTIMEZONE for every zone used.
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { FeedEvent } from './feed-entries.ts';

const statuses = {
  scheduled: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

/** Seconds from creation to the last edit: grows with every change, as SEQUENCE must, and needs no extra column. */
export function sequenceOf(e: { createdAt: string; updatedAt: string }): number {
  return Math.max(0, Math.floor((Date.parse(e.updatedAt) - Date.parse(e.createdAt)) / 1000));
}

/**
 * Ids, not slugs: a slug may be corrected, and a calendar must still recognise the event. The authority is
 * fixed (config ID_AUTHORITY), not PUBLIC_URL's host: a UID must stay the same for the event's whole life.
 */
export const eventUid = (id: number, authority: string) => `event-${id}@${authority}`;

function whereabouts(e: FeedEvent): string | null {
  const place = [e.venue, e.place?.name, e.place?.region].filter(Boolean).join(', ');
  if (e.format === 'online') return e.onlineUrl ?? 'Online';
  if (e.format === 'hybrid') return [place, e.onlineUrl ?? 'online'].filter(Boolean).join(' and ');
  return place || null;
}

function describe(e: FeedEvent, pageUrl: string): string {
  const monthOnly =
    e.datePrecision !== 'day'
      ? `Only the ${e.datePrecision} is known: ${DateTime.fromJSDate(new Date(e.startsAt!), { zone: e.timeZone }).toFormat(e.datePrecision === 'month' ? 'LLLL yyyy' : 'yyyy')}.`
      : null;
  const organisers = e.organisers.length ? `Organised by ${e.organisers.map((o) => o.organisation.name).join(', ')}.` : null;
  return [
    e.status !== 'scheduled' ? `This event is ${e.status}.` : null,
    monthOnly,
    e.description,
    organisers,
    e.registrationUrl ? `Register: ${e.registrationUrl}` : null,
    pageUrl,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function eventsCalendar(options: {
  events: FeedEvent[];
  title: string;
  publicUrl: string;
  idAuthority: string;
  selfUrl: string;
}): string {
  const cal = ical({
    name: options.title,
    prodId: { company: 'Engagement Directory', product: 'Events', language: 'EN' },
    // No METHOD: without one, RFC 5545 lets DTSTAMP be the last edit, which keeps the bytes (and the ETag) stable between edits.
    url: options.selfUrl,
    // Tells subscribing apps how often to look again (REFRESH-INTERVAL and X-PUBLISHED-TTL).
    ttl: 60 * 60,
  });
  cal.timezone({ name: null, generator: (zone) => tzlib_get_ical_block(zone)[0] ?? null });
  for (const e of options.events) {
    const pageUrl = `${options.publicUrl}/events/${e.slug}`;
    // Stored instants come back as PostgreSQL text ("2026-03-29 09:00:00+00"), which Date reads and luxon's fromISO does not.
    const zoned = (instant: string) => DateTime.fromJSDate(new Date(instant), { zone: e.timeZone });
    const timed = e.datePrecision === 'day';
    cal.createEvent({
      id: eventUid(e.id, options.idAuthority),
      sequence: sequenceOf(e),
      stamp: new Date(e.updatedAt),
      created: new Date(e.createdAt),
      lastModified: new Date(e.updatedAt),
      // Known only to the month or year: an all-day entry on its first day, saying so, rather than a made-up time.
      // Only public rows get here, and they are complete (the *_complete_unless_draft checks).
      start: zoned(e.startsAt!),
      ...(timed ? { end: e.endsAt ? zoned(e.endsAt) : null, timezone: e.timeZone } : { allDay: true }),
      summary: e.status === 'scheduled' ? e.title : `${e.status === 'cancelled' ? 'Cancelled' : 'Postponed'}: ${e.title}`,
      description: describe(e, pageUrl),
      location: whereabouts(e),
      url: pageUrl,
      status: statuses[e.status],
      categories: e.topics.map((t) => ({ name: t.label })),
    });
  }
  // RFC 5545: every content line ends with CRLF, END:VCALENDAR included; ical-generator leaves the last one off.
  const text = cal.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
