// The feeds a page offers as <link rel="alternate">: calendar, Atom and JSON Feed for its scope.
import type { Alternate } from './layout.ts';

export function feedAlternates(
  base: string,
  scope: { param: 'topic' | 'organisation' | 'series'; slug: string; name: string } | null,
  caseStudies = true,
): Alternate[] {
  const q = scope ? `?${scope.param}=${encodeURIComponent(scope.slug)}` : '';
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
