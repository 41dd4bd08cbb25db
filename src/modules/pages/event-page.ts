// The public page of an event: when (in its own time zone), where, who, its status, and its JSON-LD.
import { html } from 'hono/html';
import { humanTime, localIso } from '../events/local-time.ts';
import { feedAlternates, topicsScope } from './feed-links.ts';
import { eventJsonLd } from './json-ld.ts';
import { facts, linkList, safeUrl, type PageOptions } from './layout.ts';
import type { EventPageData } from './load.ts';

export { humanTime };

const formats = { in_person: 'In person', online: 'Online', hybrid: 'In person and online' } as const;

export function eventPage(base: string, e: EventPageData): PageOptions {
  const time = (instant: string) =>
    html`<time datetime="${localIso(instant, e.timeZone)}">${humanTime(instant, e.timeZone, e.datePrecision)}</time>`;
  const where = [e.venue, e.place?.name, e.place?.region].filter(Boolean).join(', ');
  // Every topic of the event, not just the alphabetically first: one feed of events on any of them.
  const scope = e.series ? { param: 'series' as const, slug: e.series.slug, name: e.series.name } : topicsScope(e.topics);
  return {
    title: e.title,
    description: e.description,
    canonical: `${base}/events/${e.slug}`,
    jsonLd: eventJsonLd(base, e),
    alternates: feedAlternates(base, scope, false),
    section: '/events',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Events', href: '/events' }, { label: e.title }],
    body: html`<article>
<h1>${e.title}</h1>
${e.status !== 'scheduled' ? html`<p class="status" role="status">This event is ${e.status}.</p>` : ''}
${facts([
  ['Starts', time(e.startsAt!)],
  ['Ends', e.endsAt ? time(e.endsAt) : null],
  ['Time zone', e.timeZone],
  ['Format', formats[e.format!]],
  ['Where', where || null],
  ['Online', safeUrl(e.onlineUrl) ? html`<a href="${safeUrl(e.onlineUrl)}">${e.onlineUrl}</a>` : null],
  ['Register', safeUrl(e.registrationUrl) ? html`<a href="${safeUrl(e.registrationUrl)}">${e.registrationUrl}</a>` : null],
  ['Series', e.series ? e.series.name : null],
])}
${e.description ? html`<p>${e.description}</p>` : ''}
${linkList(
  'Organised by',
  e.organisers.map((r) => ({ href: `/organisations/${r.organisation.slug}`, text: r.organisation.name, note: r.role })),
)}
${e.speakers.length ? html`<section><h2>Speakers</h2><ul>${e.speakers.map((s) => html`<li>${s.name}${s.title ? html`, ${s.title}` : ''}</li>`)}</ul></section>` : ''}
${linkList(
  'Topics',
  e.topics.map((t) => ({ href: `/topics/${t.slug}`, text: t.label })),
)}
${linkList(
  'Methods',
  e.methods.map((m) => ({ href: `/methods/${m.slug}`, text: m.name })),
)}
${linkList(
  'Resources',
  e.resources.flatMap((r) => (safeUrl(r.url) ? [{ href: r.url, text: r.label, note: r.kind }] : [])),
)}
</article>`,
  };
}
