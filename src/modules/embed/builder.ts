// /embed: the page where a partner picks a kind and filters, sees a live preview and copies a snippet.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { topics } from '../../../schema/index.ts';
import type { EmbedDeps } from './listing.ts';
import { pagePolicy, scriptHash } from '../../http/security-headers.ts';
import type { AppEnv } from '../../http/request-context.ts';
import { PUBLISHED } from '../catalogue/visibility.ts';
import { builderScript } from './builder-script.ts';
import { embedKinds, filterFields, filterNames, isEmbedKind, kindLabels, type EmbedKind } from './kinds.ts';
import { formats, listingQueryString, MAX_EMBED_LIMIT, parseListingRequest, themes, type ListingRequest } from './params.ts';
import { embedSnippets, resizeListener } from './snippets.ts';

const policy = pagePolicy({ path: '/embed', scriptHashes: [scriptHash(builderScript)] });
const accepts = (kind: EmbedKind, name: string) =>
  !(filterNames as readonly string[]).includes(name) || name === 'search' || name in filterFields[kind];

const css = `body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1.5rem;line-height:1.5;color:#1f2328}
form{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.75rem 1rem;margin-bottom:1.5rem}
label{display:block;font-weight:600;font-size:.9rem}input,select{width:100%;box-sizing:border-box;padding:.4rem;font:inherit}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1.5rem}
textarea{width:100%;box-sizing:border-box;font:.8rem/1.4 ui-monospace,monospace;min-height:10rem}
iframe{width:100%;border:1px dashed #d1d9e0;min-height:8rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}`;

/** The form's values: filters that do not apply to the chosen kind are dropped, not refused, here. */
function requestFrom(query: Record<string, string>): ListingRequest {
  const kind = isEmbedKind(query.kind ?? '') ? (query.kind as EmbedKind) : 'events';
  const applicable = Object.fromEntries(
    Object.entries(query).filter(([k]) => !(filterNames as readonly string[]).includes(k) || accepts(kind, k)),
  );
  try {
    return parseListingRequest(kind, applicable);
  } catch {
    return parseListingRequest(kind, {});
  }
}

export function builderRoutes(deps: EmbedDeps) {
  const app = new Hono<AppEnv>();
  const publicUrl = deps.config.PUBLIC_URL;

  app.get('/embed', async (c) => {
    const r = requestFrom(c.req.query());
    const topicOptions = await deps
      .readDb()
      .select({ slug: topics.slug, label: topics.label })
      .from(topics)
      .where(eq(topics.publicationState, PUBLISHED))
      .orderBy(asc(topics.label));
    const snippets = embedSnippets(publicUrl, r);
    const config = {
      publicUrl,
      maxLimit: MAX_EMBED_LIMIT,
      filterNames,
      resizeListener: resizeListener(new URL(publicUrl).origin),
      filters: Object.fromEntries(embedKinds.map((k) => [k, Object.keys(filterFields[k])])),
      labels: Object.fromEntries(embedKinds.map((k) => [k, kindLabels[k].listing])),
    };
    const field = (name: string, label: string, control: unknown) =>
      html`<div class="field"${accepts(r.kind, name) ? '' : raw(' hidden')}><label for="ed-${name}">${label}</label>${control}</div>`;
    const text = (name: (typeof filterNames)[number], label: string, extra = '') =>
      field(name, label, html`<input id="ed-${name}" name="${name}" value="${r.filters[name] ?? ''}"${raw(extra)}>`);
    const select = (name: string, options: readonly string[], current: string, blank?: string) =>
      html`<select id="ed-${name}" name="${name}">${blank !== undefined ? html`<option value="">${blank}</option>` : ''}${options.map((o) => html`<option${o === current ? raw(' selected') : ''}>${o}</option>`)}</select>`;
    const snippet = (id: string, title: string, value: string, help: string) =>
      html`<h2><label for="${id}">${title}</label></h2><p>${help}</p><textarea id="${id}" readonly>${value}</textarea><p><button type="button" data-copy="${id}">Copy</button></p>`;
    c.header('Content-Security-Policy', policy);
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Embed listings · Engagement Directory</title><style>${raw(css)}</style>
<script src="/embed.js" type="module"></script></head>
<body><main><h1>Embed listings on your site</h1>
<p>Pick what to show, check the preview, then copy one snippet into your page or CMS.</p>
<form id="ed-builder" method="get" action="/embed">
${field('kind', 'What to list', select('kind', embedKinds, r.kind))}
${text('topic', 'Topic (slug)', ' list="ed-topics"')}
<datalist id="ed-topics">${topicOptions.map((t) => html`<option value="${t.slug}">${t.label}</option>`)}</datalist>
${text('organisation', 'Organisation (slug)')}
${text('region', 'Region')}
${field('format', 'Format', select('format', formats, r.filters.format ?? '', 'Any'))}
${text('series', 'Event series (slug)')}
${text('search', 'Search words')}
${field('limit', 'How many', html`<input id="ed-limit" name="limit" type="number" min="1" max="${MAX_EMBED_LIMIT}" value="${r.limit}">`)}
${field('theme', 'Theme', select('theme', themes, r.theme))}
<noscript><button>Update snippets</button></noscript>
</form>
<div class="cols"><section><h2>Preview: script and element</h2>
<engagement-listing id="ed-preview-element" kind="${r.kind}" limit="${r.limit}" theme="${r.theme}"${filterNames.map((n) => (r.filters[n] ? html` ${raw(n)}="${r.filters[n]}"` : ''))}></engagement-listing>
<h2>Preview: iframe</h2><iframe id="ed-preview-frame" title="Preview of the iframe embed" src="/embed/${r.kind}${listingQueryString(r)}"></iframe></section>
<section>${snippet('ed-snippet-element', 'Script and element (recommended)', snippets.element, 'Takes on your page’s fonts; colours follow theme and --ed-* CSS properties.')}
${snippet('ed-snippet-iframe', 'Iframe (no script needed)', snippets.iframe, 'For CMSs that only allow iframes. The script part lets the frame grow to fit; leave it out if scripts are not allowed.')}
${snippet('ed-snippet-oembed', 'Link (oEmbed)', snippets.oembed, 'Paste this link on its own line in WordPress or another oEmbed-aware CMS.')}</section></div>
</main>
<script type="application/json" id="ed-builder-config">${raw(JSON.stringify(config).replace(/</g, '\\u003c'))}</script>
<script>${raw(builderScript)}</script></body></html>`);
  });

  return app;
}
