// Per-client request budget per minute (hono-rate-limiter), keyed by API token or else by client address.
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';

const bearerOf = (c: Context) => /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization')?.trim() ?? '')?.[1];

function addressKey(c: Context): string {
  try {
    return `ip:${getConnInfo(c).remote.address ?? 'unknown'}`;
  } catch {
    // No socket (app.request in tests, or another runtime): one shared bucket.
    return 'ip:unknown';
  }
}

function clientKey(c: Context): string {
  // Only /graphql checks a token: elsewhere a made-up one would buy a fresh budget with every request.
  const token = c.req.path === '/graphql' ? bearerOf(c) : undefined;
  // Hashed so tokens never sit in memory as map keys or show up in a heap dump.
  if (token) return `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
  return addressKey(c);
}

function refuse(c: Context, perMinute: number) {
  const message = `Too many requests: the limit is ${perMinute} a minute per client. Retry after ${c.res.headers.get('Retry-After') ?? '60'} s.`;
  const error = { code: 'RATE_LIMITED', message };
  // GraphQL clients read `errors`; everyone else reads `error`, as for any other AppError.
  const body = c.req.path === '/graphql' ? { error, errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] } : { error };
  return c.json(body, 429) as unknown as undefined;
}

/**
 * `perMinute` 0 turns limiting off. One instance shares its counters across the routes it is used on.
 * A token has a budget of its own, but only a token that works: every bearer request refused as 401 also
 * counts against the client's address, so made-up tokens (each a fresh key, each a database lookup) stop at
 * the address's budget instead of never.
 */
export function rateLimit(perMinute: number): MiddlewareHandler {
  if (perMinute <= 0) return async (_c, next) => next();
  const common = { windowMs: 60_000, limit: perMinute, standardHeaders: 'draft-6' as const, handler: (c: Context) => refuse(c, perMinute) };
  const failedTokens = rateLimiter({
    ...common,
    keyGenerator: addressKey,
    skip: (c) => c.req.method === 'OPTIONS' || !bearerOf(c),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (c) => c.res.status !== 401,
  }) as MiddlewareHandler;
  const perClient = rateLimiter({ ...common, keyGenerator: clientKey, skip: (c) => c.req.method === 'OPTIONS' }) as MiddlewareHandler;
  return async (c, next) => {
    const refused = await failedTokens(c, async () => {
      const answer = await perClient(c, next);
      // Set where the outer limiter reads the status from (and Hono the response).
      if (answer instanceof Response) c.res = answer;
    });
    if (refused instanceof Response) return refused;
  };
}
