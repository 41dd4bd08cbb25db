// HTTP caching for public pages and feeds: a strong ETag over the body, 304 on If-None-Match, and a short shared max-age.
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

/** Five minutes: edits show up soon, and readers and crawlers revalidate cheaply with the ETag. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=300';

export function cacheable(): MiddlewareHandler[] {
  return [
    etag(),
    async (c, next) => {
      await next();
      if (c.res.status === 200 || c.res.status === 304) {
        c.header('Cache-Control', PUBLIC_CACHE_CONTROL);
        // Pages answer HTML or JSON-LD by Accept: caches must keep the two apart.
        c.header('Vary', 'Accept');
      }
    },
  ];
}
