// "Subscribe to this" and "embed this" for a listing: the feeds and the embed builder with as many of its filters as they take.
import type { ListingKind } from './facets.ts';
import type { ListingRequest } from './params.ts';

const feedParams = { topic: 10, organisation: 1, series: 1 } as const;
const embedParams = ['topic', 'organisation', 'region', 'format', 'series'] as const;

export function offerFor(r: Pick<ListingRequest, 'kind' | 'pairs' | 'q'>) {
  const kind: ListingKind = r.kind;
  // Feeds take topics, an organisation and a series; an organisations listing's topics suit its events and case studies.
  const usable = r.pairs.filter(
    (p) =>
      p.param in feedParams &&
      (kind === 'events' || p.param === 'topic' || (kind === 'case-studies' && p.param === 'organisation')) &&
      r.pairs.filter((q) => q.param === p.param).indexOf(p) < feedParams[p.param as keyof typeof feedParams],
  );
  const q = new URLSearchParams(usable.map((p) => [p.param, p.value])).toString();
  const qs = q ? `?${q}` : '';
  const caseStudiesQs = new URLSearchParams(usable.filter((p) => p.param !== 'series').map((p) => [p.param, p.value])).toString();
  const events = [
    { href: `/feeds/events.ics${qs}`, label: 'Events in your calendar (iCalendar)', type: 'text/calendar' },
    { href: `/feeds/events.atom${qs}`, label: 'New events (Atom)', type: 'application/atom+xml' },
    { href: `/feeds/events.json${qs}`, label: 'New events (JSON Feed)', type: 'application/feed+json' },
  ];
  const cs = caseStudiesQs ? `?${caseStudiesQs}` : '';
  const caseStudies = [
    { href: `/feeds/case-studies.atom${cs}`, label: 'New case studies (Atom)', type: 'application/atom+xml' },
    { href: `/feeds/case-studies.json${cs}`, label: 'New case studies (JSON Feed)', type: 'application/feed+json' },
  ];
  const feeds = kind === 'events' ? events : kind === 'case-studies' ? caseStudies : [...events.slice(0, 1), ...caseStudies.slice(0, 1)];
  const left = r.pairs.length - usable.length + (r.q ? 1 : 0);
  const feedNote = left
    ? `The feeds follow the ${kind === 'events' ? 'topic, organisation and series' : kind === 'case-studies' ? 'topic and organisation' : 'topic'} filters; the others are not carried over.`
    : null;
  // The embed builder takes one value of each of its filters, and the search.
  const embed = new URLSearchParams({ kind });
  for (const name of embedParams) {
    const first = r.pairs.find((p) => p.param === name);
    if (first) embed.set(name, first.value);
  }
  if (r.q) embed.set('search', r.q);
  return { feeds, feedNote, embed: `/embed?${embed}`, api: '/graphql' };
}

/** The listing URL an embed or oEmbed consumer can take: only the filters the embeds accept, one value each. */
export function embeddableQuery(r: Pick<ListingRequest, 'kind' | 'pairs' | 'q'>, accepted: readonly string[]): string {
  const params = new URLSearchParams();
  for (const name of embedParams) {
    const first = r.pairs.find((p) => p.param === name);
    if (first && accepted.includes(name)) params.set(name, first.value);
  }
  if (r.q) params.set('search', r.q);
  const s = params.toString();
  return s ? `?${s}` : '';
}
