// The feeds a page offers as <link rel="alternate">: calendar, Atom and JSON Feed for its scope.
import type { Alternate } from './layout.ts';

/** What the feeds cover; `slug` may be several topics (feeds take up to ten), which the feed joins with "or". */
export interface FeedScopeLink {
  param: 'topic' | 'organisation' | 'series';
  slug: string | readonly string[];
  name: string;
}

/** "Crime and policing, Education or Health". */
const either = new Intl.ListFormat('en-GB', { type: 'disjunction' });

/** The feeds for every topic of an entry at once (up to the ten a feed takes), or null when it has none. */
export function topicsScope(topics: readonly { slug: string; label: string }[]): FeedScopeLink | null {
  const some = topics.slice(0, 10);
  return some.length ? { param: 'topic', slug: some.map((t) => t.slug), name: either.format(some.map((t) => t.label)) } : null;
}

export function feedAlternates(base: string, scope: FeedScopeLink | null, caseStudies = true): Alternate[] {
  const slugs = scope ? (typeof scope.slug === 'string' ? [scope.slug] : scope.slug) : [];
  const q = scope ? `?${slugs.map((s) => `${scope.param}=${encodeURIComponent(s)}`).join('&')}` : '';
  const what = scope ? ` ${scope.param === 'topic' ? 'on' : scope.param === 'series' ? 'in' : 'by'} ${scope.name}` : '';
  return [
    { type: 'text/calendar', href: `${base}/feeds/events.ics${q}`, title: `Calendar of events${what}` },
    { type: 'application/atom+xml', href: `${base}/feeds/events.atom${q}`, title: `New events${what} (Atom)` },
    { type: 'application/feed+json', href: `${base}/feeds/events.json${q}`, title: `New events${what} (JSON Feed)` },
    ...(caseStudies && scope?.param !== 'series'
      ? [
          { type: 'application/atom+xml', href: `${base}/feeds/case-studies.atom${q}`, title: `New case studies${what} (Atom)` },
          { type: 'application/feed+json', href: `${base}/feeds/case-studies.json${q}`, title: `New case studies${what} (JSON Feed)` },
        ]
      : []),
  ];
}
