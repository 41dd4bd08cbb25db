// Atom and JSON Feed for newly added events and case studies: the entries as a NewsFeed of plain text, then either format.
import type { FeedCaseStudy, FeedEvent } from './feed-entries.ts';
import { humanDate } from '../catalogue/partial-dates.ts';
import { humanTime } from '../events/local-time.ts';
import { writeAtom } from './atom.ts';
import { writeJsonFeed } from './json-feed.ts';
import { newestEdit, type NewsFeed, type NewsItem } from './news-feed.ts';

export interface NewsFeedOptions {
  title: string;
  publicUrl: string;
  /** A domain that never changes (config ID_AUTHORITY): ids must not move with PUBLIC_URL. */
  idAuthority: string;
  /** Path and query of this feed without its extension, e.g. /feeds/events?topic=health */
  path: string;
  query: string;
}

export interface WrittenFeed {
  atom(): string;
  json(): string;
}

function newsFeed(options: NewsFeedOptions, items: NewsItem[]): WrittenFeed {
  const { publicUrl, path, query } = options;
  const feed: NewsFeed = {
    id: `${publicUrl}${path}${query}`,
    title: options.title,
    link: publicUrl,
    updated: newestEdit(items),
    atomUrl: `${publicUrl}${path}.atom${query}`,
    jsonUrl: `${publicUrl}${path}.json${query}`,
    author: { name: 'Engagement Directory', link: publicUrl },
    rights: 'Entries are written by the organisations that publish them.',
    items,
  };
  return { atom: () => writeAtom(feed), json: () => writeJsonFeed(feed) };
}

/** A tag URI (RFC 4151): a fixed authority, no port, and the entry's id, so it survives a new PUBLIC_URL or slug. */
export const tagUri = (authority: string, kind: 'event' | 'case-study', id: number) => `tag:${authority},2024:${kind}:${id}`;

const organisationLinks = (publicUrl: string, list: { organisation: { name: string; slug: string } }[]) =>
  // An entry with no published organisation has no author, rather than an empty one.
  list.map((o) => ({ name: o.organisation.name, link: `${publicUrl}/organisations/${o.organisation.slug}` }));

export function eventsNewsFeed(options: NewsFeedOptions & { events: FeedEvent[] }): WrittenFeed {
  return newsFeed(
    options,
    options.events.map((e) => ({
      title: e.status === 'scheduled' ? e.title : `${e.status === 'cancelled' ? 'Cancelled' : 'Postponed'}: ${e.title}`,
      id: tagUri(options.idAuthority, 'event', e.id),
      link: `${options.publicUrl}/events/${e.slug}`,
      // In words and at the precision known: "September 2024", never an invented "2024-09-01T00:00:00+01:00".
      summary: `${humanTime(e.startsAt!, e.timeZone, e.datePrecision)}${e.datePrecision === 'day' ? ` (${e.timeZone})` : ''}${e.description ? `: ${e.description}` : ''}`,
      // No published date: created_at is when the row was loaded (the seed's load time for work done in 2024), not news.
      updated: new Date(e.updatedAt),
      authors: organisationLinks(options.publicUrl, e.organisers),
      categories: e.topics.map((t) => ({ label: t.label, term: t.slug })),
    })),
  );
}

export function caseStudiesNewsFeed(options: NewsFeedOptions & { caseStudies: FeedCaseStudy[] }): WrittenFeed {
  return newsFeed(
    options,
    options.caseStudies.map((c) => ({
      title: c.title,
      id: tagUri(options.idAuthority, 'case-study', c.id),
      link: `${options.publicUrl}/case-studies/${c.slug}`,
      summary: [c.startDate ? humanDate(c.startDate, c.startDatePrecision) : null, c.summary].filter(Boolean).join(': ') || undefined,
      updated: new Date(c.updatedAt),
      authors: organisationLinks(options.publicUrl, c.organisations),
      categories: c.topics.map((t) => ({ label: t.label, term: t.slug })),
    })),
  );
}
