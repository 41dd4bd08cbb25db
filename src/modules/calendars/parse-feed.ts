// Reading an iCalendar feed into occurrences: recurring events expanded within a window, honouring EXDATE and the
// instances a RECURRENCE-ID overrides; every time turned into an instant in the zone the feed names.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { isTimeZone } from '../events/local-time.ts';

type Time = InstanceType<typeof ICAL.Time>;
type Component = InstanceType<typeof ICAL.Component>;
type Timezone = InstanceType<typeof ICAL.Timezone>;

/** One occurrence of a feed's event, as the feed says it. */
export interface FeedOccurrence {
  uid: string;
  /** RECURRENCE-ID (the rule's start of this instance) as a UTC instant; '' for an event that does not recur. */
  occurrence: string;
  startsAt: string;
  endsAt: string | null;
  /** The IANA zone the event is held in. */
  timeZone: string;
  allDay: boolean;
  /** The VEVENT that describes this occurrence: the series, or the instance that overrides it. */
  event: Component;
}

export interface Window {
  from: Date;
  to: Date;
}

/** Bounds one feed's work: a daily rule since 1990 is walked, but only so far. */
export const MAX_OCCURRENCES_PER_EVENT = 400;
export const MAX_OCCURRENCES = 5_000;
const MAX_STEPS_PER_EVENT = 50_000;
const DEFAULT_ZONE = 'Europe/London';
const MAX_UID_LENGTH = 255;

export class FeedError extends Error {
  override name = 'FeedError';
}

/** The feed's occurrences that overlap `window`, in feed order. Throws FeedError for text that is not iCalendar. */
export function occurrencesOf(text: string, window: Window): FeedOccurrence[] {
  let calendar: Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text) as any[]);
  } catch (err) {
    throw new FeedError(`The feed is not iCalendar: ${(err as Error).message}`);
  }
  if (calendar.name !== 'vcalendar') throw new FeedError('The feed is not iCalendar: it has no VCALENDAR.');
  const named = String(calendar.getFirstPropertyValue('x-wr-timezone') ?? '');
  const zones: Zones = {
    fallback: named && isTimeZone(named) ? named : DEFAULT_ZONE,
    // The feed's own VTIMEZONEs, for names Intl does not know ("GMT Standard Time"); never registered globally,
    // so one feed's definitions cannot change how another's times are read.
    defined: new Map(
      calendar.getAllSubcomponents('vtimezone').map((c) => [String(c.getFirstPropertyValue('tzid')), new ICAL.Timezone(c)] as const),
    ),
  };
  const vevents = calendar.getAllSubcomponents('vevent');
  // A server in trouble may answer an empty calendar; read as it stands, it would retire every event at once.
  if (!vevents.length)
    throw new FeedError('The feed has no events at all, so nothing was changed: check that the calendar is still public.');
  const series = new Map<string, Component>();
  const overrides = new Map<string, Component[]>();
  for (const vevent of vevents) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim();
    if (!uid || !vevent.hasProperty('dtstart')) continue;
    // UIDs key the occurrences in an index; calendar programs write tens of characters.
    if (uid.length > MAX_UID_LENGTH)
      throw new FeedError(`An event's UID is longer than ${MAX_UID_LENGTH} characters, so nothing was changed.`);
    if (vevent.hasProperty('recurrence-id')) overrides.set(uid, [...(overrides.get(uid) ?? []), vevent]);
    else series.set(uid, vevent);
  }
  const out: FeedOccurrence[] = [];
  for (const [uid, vevent] of series) {
    const event = new ICAL.Event(vevent, { exceptions: overrides.get(uid) ?? [] });
    overrides.delete(uid);
    if (event.isRecurring()) out.push(...expand(uid, event, window, zones));
    else {
      const o = occurrence(uid, '', vevent, event.startDate, event.endDate, zones);
      if (overlaps(o, window)) out.push(o);
    }
    if (out.length >= MAX_OCCURRENCES) return out.slice(0, MAX_OCCURRENCES);
  }
  // Instances shared without their series (a calendar program may export only the changed one): each stands alone.
  for (const [uid, instances] of overrides)
    for (const vevent of instances) {
      const event = new ICAL.Event(vevent);
      const o = occurrence(
        uid,
        instantOf(vevent, 'recurrence-id', event.recurrenceId, zones),
        vevent,
        event.startDate,
        event.endDate,
        zones,
      );
      if (overlaps(o, window)) out.push(o);
    }
  return out.slice(0, MAX_OCCURRENCES);
}

interface Zones {
  fallback: string;
  defined: Map<string, Timezone>;
}

function expand(uid: string, event: InstanceType<typeof ICAL.Event>, window: Window, zones: Zones): FeedOccurrence[] {
  const out: FeedOccurrence[] = [];
  const iterator = event.iterator();
  for (let steps = 0; steps < MAX_STEPS_PER_EVENT && out.length < MAX_OCCURRENCES_PER_EVENT; steps++) {
    const next = iterator.next();
    if (!next) break;
    // The rule's start of this instance, in the series' zone: what a RECURRENCE-ID overriding it names.
    const key = instantOf(event.component, 'dtstart', next, zones);
    if (Date.parse(key) > window.to.getTime()) break;
    const details = event.getOccurrenceDetails(next);
    const o = occurrence(uid, key, details.item.component, details.startDate, details.endDate, zones);
    if (overlaps(o, window)) out.push(o);
  }
  return out;
}

function occurrence(uid: string, key: string, vevent: Component, start: Time, end: Time | null, zones: Zones): FeedOccurrence {
  const startsAt = instantOf(vevent, 'dtstart', start, zones);
  const endsAt = end ? instantOf(vevent, vevent.hasProperty('dtend') ? 'dtend' : 'dtstart', end, zones) : null;
  return {
    uid,
    occurrence: key,
    startsAt,
    endsAt: endsAt && endsAt > startsAt ? endsAt : null,
    timeZone: zoneOf(vevent, zones),
    allDay: start.isDate,
    event: vevent,
  };
}

const overlaps = (o: FeedOccurrence, w: Window) =>
  Date.parse(o.endsAt ?? o.startsAt) >= w.from.getTime() && Date.parse(o.startsAt) <= w.to.getTime();

/** The IANA zone the event's start names, or the calendar's (X-WR-TIMEZONE), or Europe/London. */
function zoneOf(vevent: Component, zones: Zones): string {
  const tzid = vevent.getFirstProperty('dtstart')?.getParameter('tzid');
  return typeof tzid === 'string' && isTimeZone(tzid) ? tzid : zones.fallback;
}

/**
 * `time` as a UTC instant. ical.js reads a TZID it has not been given as wall-clock time (so recurrence steps
 * keep local time across a change of the clocks); the zone is applied here, from the property's TZID.
 */
function instantOf(vevent: Component, property: string, time: Time, zones: Zones): string {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  if (time.zone?.tzid === 'UTC') return DateTime.fromObject(wall, { zone: 'UTC' }).toUTC().toISO({ suppressMilliseconds: true })!;
  const tzid = vevent.getFirstProperty(property)?.getParameter('tzid');
  const name = typeof tzid === 'string' ? tzid : null;
  const defined = name && !isTimeZone(name) ? zones.defined.get(name) : undefined;
  if (defined) {
    const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - defined.utcOffset(time) * 1000;
    return new Date(utc).toISOString().replace('.000Z', 'Z');
  }
  const zone = name && isTimeZone(name) ? name : zones.fallback;
  return DateTime.fromObject(wall, { zone }).toUTC().toISO({ suppressMilliseconds: true })!;
}
