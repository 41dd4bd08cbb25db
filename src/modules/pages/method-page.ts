// The public page of a method of engagement: what it is, related methods, and the work that used it.
import { html } from 'hono/html';
import { feedAlternates } from './feed-links.ts';
import { methodJsonLd } from './json-ld.ts';
import { linkList, type PageOptions } from './layout.ts';
import type { MethodPageData } from './load.ts';

export function methodPage(base: string, m: MethodPageData): PageOptions {
  return {
    title: m.name,
    description: m.description,
    canonical: `${base}/methods/${m.slug}`,
    jsonLd: methodJsonLd(base, m),
    alternates: feedAlternates(base, null),
    section: '/methods',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Methods', href: '/methods' }, { label: m.name }],
    body: html`<article>
<h1>${m.name}</h1>
${m.description ? html`<p>${m.description}</p>` : ''}
${linkList(
  'Related methods',
  m.related.map((r) => ({ href: `/methods/${r.slug}`, text: r.name })),
)}
${linkList(
  'Case studies',
  m.caseStudies.map((c) => ({ href: `/case-studies/${c.slug}`, text: c.title })),
  m.caseStudies.length,
)}
${linkList(
  'Events',
  m.events.map((e) => ({ href: `/events/${e.slug}`, text: e.title })),
  m.events.length,
)}
</article>`,
  };
}
