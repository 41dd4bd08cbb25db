// Per-client request budget per minute (hono-rate-limiter), keyed by API token or else by client address.
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';

function clientKey(c: Context): string {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization')?.trim() ?? '')?.[1];
  // Hashed so tokens never sit in memory as map keys or show up in a heap dump.
  if (token) return `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
  try {
    return `ip:${getConnInfo(c).remote.address ?? 'unknown'}`;
  } catch {
    // No socket (app.request in tests, or another runtime): one shared bucket.
    return 'ip:unknown';
  }
}

/** `perMinute` 0 turns limiting off. One instance shares its counters across the routes it is used on. */
export function rateLimit(perMinute: number): MiddlewareHandler {
  if (perMinute <= 0) return async (_c, next) => next();
  return rateLimiter({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-6',
    keyGenerator: clientKey,
    skip: (c) => c.req.method === 'OPTIONS',
    handler: (c) => {
      const message = `Too many requests: the limit is ${perMinute} a minute per client. Retry after ${c.res.headers.get('Retry-After') ?? '60'} s.`;
      const error = { code: 'RATE_LIMITED', message };
      // GraphQL clients read `errors`; everyone else reads `error`, as for any other AppError.
      const body = c.req.path === '/graphql' ? { error, errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] } : { error };
      return c.json(body, 429) as unknown as undefined;
    },
  }) as MiddlewareHandler;
}
