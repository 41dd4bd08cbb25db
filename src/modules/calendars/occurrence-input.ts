// What an occurrence becomes: the event entry's input, and a hash of it that says whether anything changed.
import { createHash } from 'node:crypto';
import { MAX_EVENT_DAYS } from '../../../schema/events.ts';
import type { FeedOccurrence } from './parse-feed.ts';

/** Shown when a feed's event has no SUMMARY: a reviewer names it (an entry cannot be saved without a title). */
export const UNTITLED = 'Untitled event';

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const unsafe = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Calendar text made fit for the directory: no control or bidi-override characters, no lone surrogates. */
const clean = (v: unknown) =>
  typeof v === 'string'
    ? v
        .replace(unsafe, '')
        .replace(/[\uD800-\uDFFF]/gu, '')
        .trim()
    : '';

/** One line, whitespace collapsed, cut at `max` characters on a word where possible. */
function oneLine(v: unknown, max: number): string {
  const line = clean(v).replace(/\s+/g, ' ');
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

function webAddress(v: unknown): string | null {
  const text = clean(v);
  if (!/^https?:\/\/\S+$/i.test(text) || text.length > 2000) return null;
  try {
    return new URL(text).toString();
  } catch {
    return null;
  }
}

/** A video call's address: RFC 7986 CONFERENCE, or Google's X-GOOGLE-CONFERENCE. */
function conferenceOf(o: FeedOccurrence): string | null {
  for (const name of ['conference', 'x-google-conference']) {
    const found = webAddress(o.event.getFirstPropertyValue(name));
    if (found) return found;
  }
  return null;
}

/**
 * The entry input. Format: a LOCATION that is only a web address is an online event held there; a video call
 * (CONFERENCE) beside a place is hybrid, without one online; anything else is in person at LOCATION (a reviewer
 * corrects the rare online event that names no address). URL is where people register.
 */
export function inputOf(o: FeedOccurrence, organisation: string): Record<string, unknown> {
  const e = o.event;
  const location = oneLine(e.getFirstPropertyValue('location'), 300);
  const locationUrl = webAddress(location);
  const conference = conferenceOf(o);
  const venue = locationUrl ? null : location || null;
  const onlineUrl = locationUrl ?? conference;
  const format = locationUrl ? 'online' : conference ? (venue ? 'hybrid' : 'online') : 'in_person';
  const tooLong = o.endsAt && Date.parse(o.endsAt) - Date.parse(o.startsAt) > MAX_EVENT_DAYS * 86_400_000;
  return {
    title: oneLine(e.getFirstPropertyValue('summary'), 300) || UNTITLED,
    description: clean(e.getFirstPropertyValue('description')).slice(0, 20_000) || null,
    startsAt: o.startsAt,
    endsAt: tooLong ? null : o.endsAt,
    timeZone: o.timeZone,
    format,
    status: String(e.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED' ? 'cancelled' : 'scheduled',
    venue,
    onlineUrl,
    registrationUrl: webAddress(e.getFirstPropertyValue('url')),
    organisers: [{ organisation, role: 'organiser' }],
  };
}

/** Keys sorted, so the same input always hashes the same (nested values are built in a fixed order above). */
export const contentHashOf = (input: Record<string, unknown>) =>
  createHash('sha256')
    .update(
      JSON.stringify(
        Object.keys(input)
          .sort()
          .map((k) => [k, input[k]]),
      ),
    )
    .digest('hex');
