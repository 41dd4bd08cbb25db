// The public page of a topic: its place in the tree, and upcoming events, case studies, organisations and methods including narrower topics.
import { html } from 'hono/html';
import { humanTime } from './event-page.ts';
import { feedAlternates } from './feed-links.ts';
import { topicJsonLd } from './json-ld.ts';
import { linkList, type PageOptions } from './layout.ts';
import type { TopicPageData } from './load.ts';

export function topicPage(base: string, t: TopicPageData): PageOptions {
  return {
    title: t.label,
    description: t.description,
    canonical: `${base}/topics/${t.slug}`,
    jsonLd: topicJsonLd(base, t),
    alternates: feedAlternates(base, { param: 'topic', slug: t.slug, name: t.label }),
    section: '/topics',
    breadcrumbs: [
      { label: 'Home', href: '/' },
      { label: 'Topics', href: '/topics' },
      ...(t.broader ? [{ label: t.broader.label, href: `/topics/${t.broader.slug}` }] : []),
      { label: t.label },
    ],
    body: html`<article>
<h1>${t.label}</h1>
${t.description ? html`<p>${t.description}</p>` : ''}
${t.aliases.length ? html`<p>Also called: ${t.aliases.join(', ')}.</p>` : ''}
<p><a href="/feeds/events.ics?topic=${t.slug}">Subscribe to this topic’s events in your calendar</a>.</p>
${linkList(
  'Narrower topics',
  t.narrower.map((n) => ({ href: `/topics/${n.slug}`, text: n.label })),
)}
${linkList(
  'Upcoming events',
  t.upcomingEvents.map((e) => ({
    href: `/events/${e.slug}`,
    text: e.title,
    note: `${humanTime(e.startsAt!, e.timeZone, e.datePrecision)}${e.status !== 'scheduled' ? ` (${e.status})` : ''}`,
  })),
  t.counts.events,
)}
${linkList(
  'Case studies',
  t.caseStudies.map((c) => ({ href: `/case-studies/${c.slug}`, text: c.title })),
  t.counts.caseStudies,
)}
${linkList(
  'Organisations',
  t.organisations.map((o) => ({ href: `/organisations/${o.slug}`, text: o.name })),
  t.counts.organisations,
)}
${linkList(
  'Methods',
  t.methods.map((m) => ({ href: `/methods/${m.slug}`, text: m.name })),
  t.counts.methods,
)}
</article>`,
  };
}
