// The copy-paste snippets for the three embed forms; the builder page's script mirrors this for live updates.
import { RESIZE_MESSAGE } from './frame.ts';
import { kindLabels } from './kinds.ts';
import { filterNames } from './kinds.ts';
import { listingQueryString, type ListingRequest } from './params.ts';

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The host page's half of iframe resizing: only messages from the directory's origin, only for our frames. */
export const resizeListener = (origin: string) => `<script>
addEventListener('message', function (e) {
  if (e.origin !== '${origin}' || !e.data || e.data.type !== '${RESIZE_MESSAGE}') return;
  document.querySelectorAll('iframe').forEach(function (f) {
    if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';
  });
});
</script>`;

export function embedSnippets(publicUrl: string, r: ListingRequest) {
  const label = `${kindLabels[r.kind].listing} from the Engagement Directory`;
  const listingUrl = `${publicUrl}/${r.kind}${listingQueryString(r, { limit: false, theme: false })}`;
  const attrs = [
    `kind="${r.kind}"`,
    ...filterNames.filter((n) => r.filters[n]).map((n) => `${n}="${attr(r.filters[n]!)}"`),
    `limit="${r.limit}"`,
  ];
  if (r.theme !== 'auto') attrs.push(`theme="${r.theme}"`);
  return {
    element: `<script src="${publicUrl}/embed.js" type="module"></script>
<engagement-listing ${attrs.join(' ')}>
  <a href="${attr(listingUrl)}">${label}</a>
</engagement-listing>`,
    iframe: `<iframe src="${attr(`${publicUrl}/embed/${r.kind}${listingQueryString(r)}`)}" title="${label}" width="100%" height="${90 + r.limit * 110}" style="border:0" loading="lazy"></iframe>
${resizeListener(new URL(publicUrl).origin)}`,
    oembed: listingUrl,
  };
}
