// The HTML shell of every public page: escaped by hono's `html`, JSON-LD embedded safely, feeds linked as alternates.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { oembedLinkTag } from '../embed/oembed.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface Alternate {
  type: string;
  href: string;
  title: string;
}

export interface PageOptions {
  title: string;
  description: string | null;
  canonical: string;
  jsonLd: object;
  alternates: Alternate[];
  body: Html;
}

/** JSON inside <script>: `<` escaped so no text in an entry can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const styles = `body{font-family:system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a}
a{color:#0b5394}dt{font-weight:600}dd{margin:0 0 .5rem}.status{font-weight:700;color:#a00}
nav ol{list-style:none;padding:0;display:flex;gap:.5rem;flex-wrap:wrap}nav li+li::before{content:"›";margin-right:.5rem}`;

export function page(o: PageOptions): Html {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Engagement Directory</title>
${o.description ? html`<meta name="description" content="${o.description.slice(0, 300)}">` : ''}
<link rel="canonical" href="${o.canonical}">
<link rel="alternate" type="application/ld+json" href="${o.canonical}" title="This page as JSON-LD">
${oembedLinkTag(o.canonical, o.title)}
${o.alternates.map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}" title="${a.title}">\n`)}
<style>${raw(styles)}</style>
<script type="application/ld+json">${raw(jsonForScript(o.jsonLd))}</script>
</head>
<body>
<header><nav aria-label="Site"><a href="/">Engagement Directory</a></nav></header>
<main>
${o.body}
</main>
<footer><p>Subscribe: ${o.alternates.map((a, i) => html`${i ? ' · ' : ''}<a href="${a.href}" type="${a.type}">${a.title}</a>`)}</p></footer>
</body>
</html>`;
}

/** A definition list of the facts that exist; rows without a value are left out. */
export function facts(rows: [string, Html | string | null | undefined | false][]): Html {
  const present = rows.filter(([, v]) => v !== null && v !== undefined && v !== false && v !== '');
  if (!present.length) return html``;
  return html`<dl>${present.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

export function linkList(title: string, items: { href: string; text: string; note?: string | null }[], count?: number): Html {
  if (!items.length) return html``;
  return html`<section><h2>${title}${count !== undefined ? html` <span>(${count})</span>` : ''}</h2><ul>${items.map(
    (i) => html`<li><a href="${i.href}">${i.text}</a>${i.note ? html` — ${i.note}` : ''}</li>`,
  )}</ul></section>`;
}

/** Only http(s) addresses become links: a stored `javascript:` URL must never reach an href. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url || !URL.canParse(url)) return null;
  return /^https?:$/.test(new URL(url).protocol) ? url : null;
}
