// The public page of a case study: what was done, by whom, where, with which method, what came of it; CreativeWork JSON-LD.
import { html } from 'hono/html';
import { humanDate, isoAtPrecision } from '../catalogue/partial-dates.ts';
import { feedAlternates, topicsScope } from './feed-links.ts';
import { caseStudyJsonLd } from './json-ld.ts';
import { facts, linkList, safeUrl, type PageOptions } from './layout.ts';
import type { CaseStudyPageData } from './load.ts';

/** "September 2024" when only the month is known: never an invented day. */
const date = (value: string | null, precision: string) =>
  value ? html`<time datetime="${isoAtPrecision(value, precision)}">${humanDate(value, precision)}</time>` : null;

export function caseStudyPage(base: string, c: CaseStudyPageData): PageOptions {
  return {
    title: c.title,
    description: c.summary,
    canonical: `${base}/case-studies/${c.slug}`,
    jsonLd: caseStudyJsonLd(base, c),
    alternates: feedAlternates(base, topicsScope(c.topics)),
    section: '/case-studies',
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Case studies', href: '/case-studies' }, { label: c.title }],
    body: html`<article>
<h1>${c.title}</h1>
${c.summary ? html`<p>${c.summary}</p>` : ''}
${facts([
  ['Status', c.projectStatus],
  ['Started', date(c.startDate, c.startDatePrecision)],
  ['Ended', date(c.endDate, c.endDatePrecision)],
  ['Participants', c.participantCount != null ? String(c.participantCount) : null],
  ['Where', c.places.map((p) => p.name).join(', ')],
  ['Format', c.format?.replaceAll('_', ' ')],
  ['Evaluation', safeUrl(c.evaluationUrl) ? html`<a href="${safeUrl(c.evaluationUrl)}">Evaluation report</a>` : null],
])}
${c.body ? html`<section><h2>What happened</h2>${c.body.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</section>` : ''}
${c.findings.length ? html`<section><h2>Findings</h2><ul>${c.findings.map((f) => html`<li>${f}</li>`)}</ul></section>` : ''}
${c.outcomes ? html`<section><h2>Outcomes</h2><p>${c.outcomes}</p></section>` : ''}
${linkList(
  'Organisations',
  c.organisations.map((r) => ({
    href: `/organisations/${r.organisation.slug}`,
    text: r.organisation.name,
    note: r.role.replaceAll('_', ' '),
  })),
)}
${linkList(
  'Methods',
  c.methods.map((m) => ({ href: `/methods/${m.slug}`, text: m.name })),
)}
${linkList(
  'Topics',
  c.topics.map((t) => ({ href: `/topics/${t.slug}`, text: t.label })),
)}
${linkList(
  'Links',
  c.links.flatMap((l) => (safeUrl(l.url) ? [{ href: l.url, text: l.label, note: l.kind }] : [])),
)}
</article>`,
  };
}
