// Server-side HTML of a listing or entry card; hono's `html` escapes every interpolated value.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { EmbedItem, Listing } from './listing.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Author-written text gets dir="auto", so an Arabic or Hebrew title reads right to left in an English page. */
export function itemHtml(item: EmbedItem, target: string | null): Html {
  return html`<li class="ed-item"><a class="ed-title" dir="auto" href="${item.url}"${target ? html` target="${target}" rel="noopener"` : ''}>${item.title}</a>${
    item.meta.length ? html`<p class="ed-meta" dir="auto">${item.meta.join(' · ')}</p>` : ''
  }${item.description ? html`<p class="ed-desc" dir="auto">${item.description}</p>` : ''}</li>`;
}

/** "See all 1,000+ events" when the count stopped at its bound: a lower bound is never shown as the number. */
export function more(listing: Listing, plural: string): string {
  const { value, exact } = listing.count;
  if (exact && value <= listing.items.length) return 'More in the Engagement Directory';
  return `See all ${value.toLocaleString('en-GB')}${exact ? '' : '+'} ${plural} in the Engagement Directory`;
}

export function listingHtml(opts: { listing: Listing; label: string; moreUrl: string; plural: string; target: string | null }): Html {
  const { listing, label, moreUrl, plural, target } = opts;
  const link = (text: string) => html`<a href="${moreUrl}"${target ? html` target="${target}" rel="noopener"` : ''}>${text}</a>`;
  if (!listing.items.length) {
    return html`<p class="ed-empty">No ${plural} match yet. ${link('Browse the Engagement Directory')}</p>`;
  }
  return html`<ul class="ed-list" role="list" aria-label="${label}">${listing.items.map((item) => itemHtml(item, target))}</ul>
<p class="ed-more">${link(more(listing, plural))}</p>`;
}
