// Entry pages' building blocks: the page wrapper around the JSX shell, fact lists and link lists, escaped by hono's `html`.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { renderDocument, type Alternate, type Crumb } from './shell.tsx';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type { Alternate, Crumb } from './shell.tsx';
export { jsonForScript } from './shell.tsx';

export interface PageOptions {
  title: string;
  description: string | null;
  canonical: string;
  jsonLd: object;
  alternates: Alternate[];
  /** From the home page down to this entry; the last crumb is the page itself. */
  breadcrumbs: Crumb[];
  /** The header section the page belongs to, e.g. '/events'. */
  section: string;
  body: Html;
}

/** An entry's page: the shared shell around its body, with its JSON-LD, feeds, oEmbed and breadcrumbs. */
export async function page(base: string, o: PageOptions): Promise<string> {
  const body = await o.body;
  return renderDocument({
    base,
    title: o.title,
    description: o.description,
    canonical: o.canonical,
    kind: 'article',
    jsonLd: [o.jsonLd],
    alternates: o.alternates,
    breadcrumbs: o.breadcrumbs,
    section: o.section,
    // Every entry page embeds: a topic page as its upcoming events (src/modules/embed/oembed.ts).
    oembed: true,
    children: raw(body.toString()),
  });
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
