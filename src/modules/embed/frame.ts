// /embed/<kind> and /embed/<kind>/<slug>: the listing as a scriptless page for iframes, which reports its height.
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { AppError } from '../../errors.ts';
import { pagePolicy, scriptHash } from '../../http/security-headers.ts';
import type { AppEnv } from '../../http/request-context.ts';
import { isEmbedKind, kindLabels, type EmbedKind } from './kinds.ts';
import { assertNamesExist, type EmbedDeps, type Listing, loadEntry, loadListing } from './listing.ts';
import { type ListingRequest, listingQueryString, parseListingRequest, themes, type Theme } from './params.ts';
import { itemHtml, listingHtml } from './render.ts';
import { frameCss } from './styles.ts';

export const RESIZE_MESSAGE = 'engagement-directory:resize';

// Progressive: the listing is complete without it; it only tells the host page how tall we are.
const resizeScript = `(function(){if(parent===window)return;var last=0;function send(){var h=Math.ceil(document.documentElement.getBoundingClientRect().height);if(h!==last){last=h;parent.postMessage({type:'${RESIZE_MESSAGE}',height:h,href:location.href},'*')}}new ResizeObserver(send).observe(document.documentElement);addEventListener('load',send)})()`;
const policy = pagePolicy({ path: '/embed/', scriptHashes: [scriptHash(resizeScript)] });

export const FRAME_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

function kindOf(value: string): EmbedKind {
  if (isEmbedKind(value)) return value;
  throw new AppError('NOT_FOUND', `There is no embed for "${value}": use events, case-studies, organisations or methods.`);
}

function page(opts: { title: string; theme: Theme; body: unknown }) {
  return html`<!doctype html>
<html lang="en" data-theme="${opts.theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${opts.title}</title><style>${raw(frameCss)}</style></head>
<body><main>${opts.body}</main><script>${raw(resizeScript)}</script></body></html>`;
}

export function frameRoutes(deps: EmbedDeps) {
  const app = new Hono<AppEnv>();
  const publicUrl = deps.config.PUBLIC_URL;

  app.get('/embed/:kind', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const theme = (themes as readonly string[]).includes(c.req.query('theme') ?? '') ? (c.req.query('theme') as Theme) : 'auto';
    let request: ListingRequest;
    let listing: Listing;
    try {
      request = parseListingRequest(kind, c.req.query());
      const run = { ...deps, requestId: c.get('requestId') };
      listing = await loadListing(run, request);
      if (!listing.items.length) await assertNamesExist(run, request.filters);
    } catch (err) {
      // The partner sees what is wrong in the frame itself (a page of JSON in an iframe tells nobody anything).
      if (!(err instanceof AppError) || (err.code !== 'INVALID_INPUT' && err.code !== 'NOT_FOUND')) throw err;
      c.header('Content-Security-Policy', policy);
      const body = html`<p class="ed-status ed-error" role="alert">This listing cannot be shown: ${err.message} <a href="${publicUrl}/embed" target="_blank" rel="noopener">Check the embed</a></p>`;
      return c.html(page({ title: 'Embed error', theme, body }), err.status as 400 | 404);
    }
    const label = `${kindLabels[request.kind].listing} from the Engagement Directory`;
    const moreUrl = `${publicUrl}/${request.kind}${listingQueryString({ filters: request.filters }, { limit: false })}`;
    const body = listingHtml({ listing, label, moreUrl, plural: kindLabels[request.kind].plural, target: '_blank' });
    c.header('Content-Security-Policy', policy);
    c.header('Cache-Control', FRAME_CACHE_CONTROL);
    return c.html(page({ title: label, theme: request.theme, body }));
  });

  app.get('/embed/:kind/:slug', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const theme = (themes as readonly string[]).includes(c.req.query('theme') ?? '') ? (c.req.query('theme') as Theme) : 'auto';
    const item = await loadEntry({ ...deps, requestId: c.get('requestId') }, kind, c.req.param('slug'));
    c.header('Content-Security-Policy', policy);
    if (!item) {
      return c.html(
        page({
          title: 'Not found',
          theme,
          body: html`<p class="ed-empty">This entry is not in the Engagement Directory. <a href="${publicUrl}/${kind}" target="_blank" rel="noopener">Browse ${kindLabels[kind].plural}</a></p>`,
        }),
        404,
      );
    }
    c.header('Cache-Control', FRAME_CACHE_CONTROL);
    return c.html(page({ title: item.title, theme, body: html`<ul class="ed-list" role="list">${itemHtml(item, '_blank')}</ul>` }));
  });

  return app;
}
