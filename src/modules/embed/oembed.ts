// /oembed (rich type) for entry and listing URLs, and the discovery <link> public pages put in their <head>.
import { and, eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { topics } from '../../../schema/topics.ts';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../http/request-context.ts';
import { PUBLISHED } from '../catalogue/visibility.ts';
import { embedKinds, isEmbedKind, kindLabels } from './kinds.ts';
import { loadEntry, type EmbedDeps } from './listing.ts';
import { listingQueryString, parseListingRequest } from './params.ts';

const DEFAULT_WIDTH = 600;
const ENTRY_HEIGHT = 200;
const pathPattern = new RegExp(`^/(${embedKinds.join('|')})(?:/([^/]+))?/?$`);
/** A topic page embeds as its upcoming events: the list a partner pasting it most likely wants. */
const topicPattern = /^\/topics\/([^/]+)\/?$/;

/**
 * `<link rel="alternate" type="application/json+oembed">` for a public page, so WordPress and other
 * CMSs turn a pasted directory link into an embed. `url` is the page's own absolute URL.
 */
export function oembedLinkTag(url: string, title?: string) {
  const href = `${new URL('/oembed', url).href}?url=${encodeURIComponent(url)}&format=json`;
  return html`<link rel="alternate" type="application/json+oembed" href="${href}"${title ? html` title="${title}"` : ''}>`;
}

/** null for a malformed escape such as `%E0%A4%A`: that URL cannot name an entry. */
function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

const dimension = (value: string | undefined, fallback: number) => {
  const n = value === undefined ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, fallback) : fallback;
};

/** The oEmbed answer: a rich embed of an iframe, cacheable for an hour. */
async function respond(c: Context, o: { publicUrl: string; title: string; src: string; width: number; height: number }) {
  const iframe = html`<iframe src="${o.src}" width="${o.width}" height="${o.height}" title="${o.title}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
  c.header('Cache-Control', 'public, max-age=3600');
  return c.json({
    version: '1.0',
    type: 'rich',
    title: o.title,
    provider_name: 'Engagement Directory',
    provider_url: o.publicUrl,
    cache_age: 3600,
    html: (await iframe).toString(),
    width: o.width,
    height: o.height,
  });
}

export function oembedRoutes(deps: EmbedDeps) {
  const app = new Hono<AppEnv>();
  const publicUrl = deps.config.PUBLIC_URL;

  app.get('/oembed', async (c) => {
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json') return c.json({ error: { code: 'NOT_IMPLEMENTED', message: 'Only format=json is available.' } }, 501);
    const given = c.req.query('url');
    if (!given) throw new AppError('INVALID_INPUT', 'url is required', [{ path: ['url'], message: 'is required' }]);
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new AppError('INVALID_INPUT', 'url must be an absolute URL', [{ path: ['url'], message: 'must be an absolute URL' }]);
    }
    const ours = url.origin === new URL(publicUrl).origin;
    const topicMatch = ours ? topicPattern.exec(url.pathname) : null;
    if (topicMatch) {
      const slug = safeDecode(topicMatch[1]!);
      const [topic] = slug
        ? await deps
            .readDb()
            .select({ slug: topics.slug, label: topics.label })
            .from(topics)
            .where(and(eq(topics.slug, slug), eq(topics.publicationState, PUBLISHED)))
        : [];
      if (!topic) throw new AppError('NOT_FOUND', `${given} is not a published topic.`);
      const request = parseListingRequest('events', { topic: topic.slug });
      const title = `Upcoming events on ${topic.label} from the Engagement Directory`;
      const src = `${publicUrl}/embed/events${listingQueryString(request)}`;
      return respond(c, {
        publicUrl,
        title,
        src,
        width: dimension(c.req.query('maxwidth'), DEFAULT_WIDTH),
        height: dimension(c.req.query('maxheight'), 90 + request.limit * 110),
      });
    }
    const match = ours ? pathPattern.exec(url.pathname) : null;
    const slug = match?.[2] === undefined ? undefined : safeDecode(match[2]);
    if (!match || !isEmbedKind(match[1]!) || slug === null)
      throw new AppError('NOT_FOUND', `${given} is not a listing or entry of this directory.`);
    const kind = match[1];
    const width = dimension(c.req.query('maxwidth'), DEFAULT_WIDTH);
    let title: string;
    let src: string;
    let height: number;
    if (slug !== undefined) {
      const item = await loadEntry({ ...deps, requestId: c.get('requestId') }, kind, slug);
      if (!item) throw new AppError('NOT_FOUND', `${given} is not a published entry.`);
      title = item.title;
      src = `${publicUrl}/embed/${kind}/${encodeURIComponent(slug)}`;
      height = dimension(c.req.query('maxheight'), ENTRY_HEIGHT);
    } else {
      const request = parseListingRequest(kind, Object.fromEntries(url.searchParams));
      title = `${kindLabels[kind].listing} from the Engagement Directory`;
      src = `${publicUrl}/embed/${kind}${listingQueryString(request)}`;
      height = dimension(c.req.query('maxheight'), 90 + request.limit * 110);
    }
    return respond(c, { publicUrl, title, src, width, height });
  });

  return app;
}
