// Serves repeated anonymous GraphQL reads from memory, and drops exactly the responses an entry change touches.
import { createMiddleware } from 'hono/factory';
import { handBodyOn } from '../../http/body.ts';
import { etagOf, markCleanResult } from '../../http/graphql-cache.ts';
import type { AppEnv } from '../../http/request-context.ts';
import type { DbHandle } from '../../db.ts';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../../log.ts';
import { listenForEntryChanges } from './listen.ts';
import { ResponseCache } from './response-cache.ts';
import { ANY_LIST, instrumentSchema, tagsForChange, trackTags, UNCACHEABLE, untrackTags } from './tags.ts';
import { setResponseHeader } from '../../http/headers.ts';

export interface ResponseCacheOptions {
  /** Bound on the bodies and keys held, in bytes (least recently used go first). */
  maxBytes?: number;
  /** Upper bound on an entry's life, for writes that bypass `notifyEntryChanged` (a hand-run UPDATE). */
  maxAgeMs?: number;
  /** With read replicas: how long after a change replicas may still lag; nothing is stored meanwhile. */
  replicaLagMs?: number;
}

export function responseCache(deps: { schema: GraphQLSchema; handle: DbHandle; logger: Logger; options?: ResponseCacheOptions }) {
  const lag = deps.options?.replicaLagMs ?? (deps.handle.replicas.length ? 2_000 : 0);
  const cache = new ResponseCache(deps.options?.maxBytes ?? 32 * 1024 * 1024, lag);
  const maxAgeMs = deps.options?.maxAgeMs ?? 5 * 60_000;
  instrumentSchema(deps.schema);
  // Until LISTEN is in place a change could go unheard, so nothing is served from memory before then.
  let listening = false;
  listenForEntryChanges(deps.handle, {
    onChange: (change) => {
      const dropped = cache.invalidate(change ? tagsForChange(change) : [ANY_LIST]);
      deps.logger.debug('response cache invalidated', { change, dropped });
    },
    onListen: () => {
      cache.clear();
      listening = true;
    },
    // A cache that cannot hear invalidations must not answer: bypass it until LISTEN is back (which clears it).
    onLost: () => {
      listening = false;
      cache.clear();
      deps.logger.warn('response cache bypassed: the database connection it listens on was lost');
    },
  }).catch((err) => deps.logger.error('response cache cannot LISTEN; serving without it', { error: String(err) }));

  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if (!listening || (method !== 'GET' && method !== 'POST') || c.req.header('authorization') !== undefined) return next();
    if (/no-cache|no-store/.test(c.req.header('cache-control') ?? '')) return next();
    const accept = c.req.header('accept') ?? '';
    const text = method === 'POST' ? await c.req.text() : undefined;
    const key = text === undefined ? `G${accept}\n${c.req.url}` : `P${accept}\n${text}`;
    const hit = cache.get(key, maxAgeMs);
    if (hit) {
      markCleanResult(c, hit.body, hit.etag);
      return c.body(hit.body, 200, { 'content-type': hit.contentType, 'x-cache': 'HIT' });
    }
    // The body is read now; what runs next gets a request carrying it (and tags are tracked on that one).
    await handBodyOn(c);
    const request = c.req.raw;
    const tags = trackTags(request);
    const startedAt = cache.generation;
    try {
      await next();
    } finally {
      untrackTags(request);
    }
    const contentType = c.res.headers.get('content-type') ?? '';
    if (c.res.status !== 200 || tags.has(UNCACHEABLE) || !contentType.includes('json')) return;
    const body = c.get('graphqlResult')?.body ?? (await c.res.clone().text());
    // Inside JSON strings quotes are escaped, so this can only be the top-level `errors` key.
    if (body.includes('"errors":')) return;
    const etag = etagOf(body);
    cache.set(key, { body, contentType, etag }, tags, startedAt);
    // Checked and hashed once: the ETag middleware takes both instead of reading the body again.
    markCleanResult(c, body, etag);
    setResponseHeader(c, 'x-cache', 'MISS');
  });
  return Object.assign(middleware, { cache });
}
