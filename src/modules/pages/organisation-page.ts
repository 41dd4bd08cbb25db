// The public page of an organisation: what it is, where it sits, its events and case studies, and its JSON-LD.
import { html } from 'hono/html';
import { feedAlternates } from './feed-links.ts';
import { organisationJsonLd } from './json-ld.ts';
import { facts, linkList, safeUrl, type PageOptions } from './layout.ts';
import type { OrganisationPageData } from './load.ts';

export function organisationPage(base: string, o: OrganisationPageData): PageOptions {
  const website = safeUrl(o.website);
  return {
    title: o.name,
    description: o.description,
    canonical: `${base}/organisations/${o.slug}`,
    jsonLd: organisationJsonLd(base, o),
    alternates: feedAlternates(base, { param: 'organisation', slug: o.slug, name: o.name }),
    section: '/organisations',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Organisations', href: '/organisations' }, { label: o.name }],
    body: html`<article>
<h1>${o.name}</h1>
${o.description ? html`<p>${o.description}</p>` : ''}
${facts([
  ['Kind', o.kind!.replaceAll('_', ' ')],
  ['Website', website ? html`<a href="${website}">${website}</a>` : null],
  ['Region', o.region],
  ['Part of', o.parent ? html`<a href="/organisations/${o.parent.slug}">${o.parent.name}</a>` : null],
])}
${linkList(
  'Within it',
  o.children.map((c) => ({ href: `/organisations/${c.slug}`, text: c.name })),
)}
${linkList(
  'Events',
  o.events.map((r) => ({ href: `/events/${r.event.slug}`, text: r.event.title, note: r.role })),
  o.events.length,
)}
${linkList(
  'Case studies',
  o.caseStudies.map((r) => ({ href: `/case-studies/${r.caseStudy.slug}`, text: r.caseStudy.title, note: r.role.replaceAll('_', ' ') })),
  o.caseStudies.length,
)}
${linkList(
  'Topics',
  o.topics.map((t) => ({ href: `/topics/${t.slug}`, text: t.label })),
)}
</article>`,
  };
}
