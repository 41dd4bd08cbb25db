// Atom and JSON Feed for newly added events and case studies, built with the `feed` library.
import { Feed, type Item } from 'feed';
import type { FeedCaseStudy, FeedEvent } from './feed-entries.ts';
import { localIso } from '../events/local-time.ts';

export interface NewsFeedOptions {
  title: string;
  publicUrl: string;
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
  for (const { updated, ...item } of items) feed.addItem({ ...item, date: updated });
  return feed;
}

export function eventsNewsFeed(options: NewsFeedOptions & { events: FeedEvent[] }): Feed {
  const host = new URL(options.publicUrl).host;
  return newsFeed(
    options,
    options.events.map((e) => ({
      title: e.status === 'scheduled' ? e.title : `${e.status === 'cancelled' ? 'Cancelled' : 'Postponed'}: ${e.title}`,
      // A tag URI on the id, so an entry keeps its identity when its slug is corrected.
      id: `tag:${host},2024:event:${e.id}`,
      link: `${options.publicUrl}/events/${e.slug}`,
      description: `${localIso(e.startsAt, e.timeZone)} (${e.timeZone})${e.description ? `: ${e.description}` : ''}`,
      published: new Date(e.createdAt),
      updated: new Date(e.updatedAt),
      author: e.organisers.map((o) => ({ name: o.organisation.name, link: `${options.publicUrl}/organisations/${o.organisation.slug}` })),
      category: e.topics.map((t) => ({ name: t.label, term: t.slug })),
    })),
  );
}

export function caseStudiesNewsFeed(options: NewsFeedOptions & { caseStudies: FeedCaseStudy[] }): Feed {
  const host = new URL(options.publicUrl).host;
  return newsFeed(
    options,
    options.caseStudies.map((c) => ({
      title: c.title,
      id: `tag:${host},2024:case-study:${c.id}`,
      link: `${options.publicUrl}/case-studies/${c.slug}`,
      description: c.summary ?? undefined,
      published: new Date(c.createdAt),
      updated: new Date(c.updatedAt),
      author: c.organisations.map((o) => ({
        name: o.organisation.name,
        link: `${options.publicUrl}/organisations/${o.organisation.slug}`,
      })),
      category: c.topics.map((t) => ({ name: t.label, term: t.slug })),
    })),
  );
}
