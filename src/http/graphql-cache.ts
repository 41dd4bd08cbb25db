// HTTP caching of anonymous GraphQL GETs: ETag with 304, and public Cache-Control so a CDN can serve them.
import { etag } from 'hono/etag';
import { createMiddleware } from 'hono/factory';

export const GRAPHQL_MAX_AGE_SECONDS = 60;
export const GRAPHQL_STALE_SECONDS = 600;

function hasErrors(body: string): boolean {
  try {
    return 'errors' in (JSON.parse(body) as object);
  } catch {
    return true;
  }
}

export const graphqlHttpCache = () => {
  const withEtag = etag();
  return createMiddleware(async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('accept')?.includes('text/html')) return next();
    if (c.req.header('authorization') !== undefined) {
      await next();
      // What a token may see is that caller's alone.
      c.header('Cache-Control', 'private, no-store');
      return;
    }
    // The ETag middleware reads the headers after this inner step, so a 304 keeps Cache-Control too.
    return withEtag(c, async () => {
      await next();
      c.header('Vary', 'Accept', { append: true });
      const ok = c.res.status === 200 && !hasErrors(await c.res.clone().text());
      // Errors (a masked failure, a bad variable) are not worth a CDN copy; results are.
      c.header('Cache-Control', ok ? `public, max-age=${GRAPHQL_MAX_AGE_SECONDS}, stale-while-revalidate=${GRAPHQL_STALE_SECONDS}` : 'no-store');
    });
  });
};
