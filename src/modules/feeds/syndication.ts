// Atom and JSON Feed for newly added events and case studies, built with the `feed` library.
import { Feed, type Item } from 'feed';
import type { FeedCaseStudy, FeedEvent } from './feed-entries.ts';
import { humanDate } from '../catalogue/partial-dates.ts';
import { humanTime } from '../events/local-time.ts';

export interface NewsFeedOptions {
  title: string;
  publicUrl: string;
  /** A domain that never changes (config ID_AUTHORITY): ids must not move with PUBLIC_URL. */
  idAuthority: string;
  /** Path and query of this feed without its extension, e.g. /feeds/events?topic=health */
  path: string;
  query: string;
}

function newsFeed(options: NewsFeedOptions, items: (Omit<Item, 'date'> & { updated: Date })[]): Feed {
  const { publicUrl, path, query } = options;
  const feed = new Feed({
    title: options.title,
    id: `${publicUrl}${path}${query}`,
    link: publicUrl,
    language: 'en-GB',
    // The newest edit, not the time of the request: the same content gives the same bytes (and ETag).
    // biome-ignore lint/complexity/useMathMinMax: these are Dates, which Math.max would turn into numbers
    updated: items.reduce((max, i) => (i.updated > max ? i.updated : max), new Date(0)),
    generator: 'Engagement Directory',
    feedLinks: { atom: `${publicUrl}${path}.atom${query}`, json: `${publicUrl}${path}.json${query}` },
    author: { name: 'Engagement Directory', link: publicUrl },
    copyright: 'Entries are written by the organisations that publish them.',
  });
  // An entry with no published organisation has no author: `feed` reads author[0] of any array it is given.
  for (const { updated, author, ...item } of items) feed.addItem({ ...item, ...(author?.length ? { author } : {}), date: updated });
  return feed;
}

/** A tag URI (RFC 4151): a fixed authority, no port, and the entry's id, so it survives a new PUBLIC_URL or slug. */
export const tagUri = (authority: string, kind: 'event' | 'case-study', id: number) => `tag:${authority},2024:${kind}:${id}`;

export function eventsNewsFeed(options: NewsFeedOptions & { events: FeedEvent[] }): Feed {
  return newsFeed(
    options,
    options.events.map((e) => ({
      title: e.status === 'scheduled' ? e.title : `${e.status === 'cancelled' ? 'Cancelled' : 'Postponed'}: ${e.title}`,
      id: tagUri(options.idAuthority, 'event', e.id),
      link: `${options.publicUrl}/events/${e.slug}`,
      // In words and at the precision known: "September 2024", never an invented "2024-09-01T00:00:00+01:00".
      description: `${humanTime(e.startsAt!, e.timeZone, e.datePrecision)}${e.datePrecision === 'day' ? ` (${e.timeZone})` : ''}${e.description ? `: ${e.description}` : ''}`,
      // No `published`: created_at is when the row was loaded (the seed's load time for work done in 2024), not news.
      updated: new Date(e.updatedAt),
      author: e.organisers.map((o) => ({ name: o.organisation.name, link: `${options.publicUrl}/organisations/${o.organisation.slug}` })),
      category: e.topics.map((t) => ({ name: t.label, term: t.slug })),
    })),
  );
}

export function caseStudiesNewsFeed(options: NewsFeedOptions & { caseStudies: FeedCaseStudy[] }): Feed {
  return newsFeed(
    options,
    options.caseStudies.map((c) => ({
      title: c.title,
      id: tagUri(options.idAuthority, 'case-study', c.id),
      link: `${options.publicUrl}/case-studies/${c.slug}`,
      description: [c.startDate ? humanDate(c.startDate, c.startDatePrecision) : null, c.summary].filter(Boolean).join(': ') || undefined,
      updated: new Date(c.updatedAt),
      author: c.organisations.map((o) => ({
        name: o.organisation.name,
        link: `${options.publicUrl}/organisations/${o.organisation.slug}`,
      })),
      category: c.topics.map((t) => ({ name: t.label, term: t.slug })),
    })),
  );
}
