// HTTP caching of anonymous GraphQL GETs: ETag with 304, and public Cache-Control so a CDN can serve them.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './request-context.ts';
import { setResponseHeader } from './headers.ts';

export const GRAPHQL_MAX_AGE_SECONDS = 60;
export const GRAPHQL_STALE_SECONDS = 600;

/** A strong validator of a response body (hex, as hono's etag middleware writes it). */
export const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('hex')}"`;

/**
 * What a middleware that wrote the response body itself knows of it: the text, free of `errors` (the
 * compiled path and the response cache never hold one), and its ETag if already known.
 */
export function markCleanResult(c: Context<AppEnv>, body: string, etag?: string): void {
  c.set('graphqlResult', { body, etag });
}

function hasErrors(body: string): boolean {
  try {
    return 'errors' in (JSON.parse(body) as object);
  } catch {
    return true;
  }
}

/** RFC 9110 If-None-Match: `*`, or a list of (possibly weak) tags compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export const graphqlHttpCache = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('accept')?.includes('text/html')) return next();
    if (c.req.header('authorization') !== undefined) {
      await next();
      // What a token may see is that caller's alone.
      setResponseHeader(c, 'Cache-Control', 'private, no-store');
      return;
    }
    await next();
    setResponseHeader(c, 'Vary', 'Accept', { append: true });
    const known = c.get('graphqlResult');
    const body = c.res.status === 200 ? (known?.body ?? (await c.res.clone().text())) : undefined;
    // Errors (a masked failure, a bad variable) are not worth a CDN copy; results are.
    if (body === undefined || (!known && hasErrors(body))) {
      setResponseHeader(c, 'Cache-Control', 'no-store');
      return;
    }
    const etag = known?.etag ?? etagOf(body);
    setResponseHeader(c, 'ETag', etag);
    setResponseHeader(c, 'Cache-Control', `public, max-age=${GRAPHQL_MAX_AGE_SECONDS}, stale-while-revalidate=${GRAPHQL_STALE_SECONDS}`);
    // Hono carries the response's other headers (Cache-Control, Vary, CORS) over to the 304.
    if (matches(c.req.header('if-none-match'), etag)) c.res = new Response(null, { status: 304, headers: { ETag: etag } });
  });
