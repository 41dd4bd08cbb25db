// Per-client request budget per minute (hono-rate-limiter), keyed by API token or else by client address.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter, type Store } from 'hono-rate-limiter';
import { errorPage, wantsHtml } from './error-page.ts';
import type { AppEnv } from './request-context.ts';

type Ctx = Context<AppEnv>;

const bearerOf = (c: Ctx) => /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization')?.trim() ?? '')?.[1];

// No socket (app.request in tests, an in-process request): one shared bucket.
const addressKey = (c: Ctx) => `ip:${c.get('clientAddress') ?? 'unknown'}`;

function clientKey(c: Ctx): string {
  // Only /graphql checks a token: elsewhere a made-up one would buy a fresh budget with every request.
  const token = c.req.path === '/graphql' ? bearerOf(c) : undefined;
  // Hashed so tokens never sit in memory as map keys or show up in a heap dump (or in the shared table).
  if (token) return `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
  return addressKey(c);
}

function refuse(c: Ctx, perMinute: number) {
  const message = `Too many requests: the limit is ${perMinute} a minute per client. Retry after ${c.res.headers.get('Retry-After') ?? '60'} s.`;
  // A person who follows a link reads a page; API clients and feed readers keep JSON, as for any other error.
  // The APIs (/graphql, the HSDS API) answer JSON even to a browser, as their other errors do.
  const api = c.req.path === '/graphql' || c.req.path === '/hsds' || c.req.path.startsWith('/hsds/');
  if (!api && wantsHtml(c.req.header('accept')))
    return c.html(errorPage({ status: 429, message, requestId: c.get('requestId') }), 429) as unknown as undefined;
  const error = { code: 'RATE_LIMITED', message };
  // GraphQL clients read `errors`; everyone else reads `error`, as for any other AppError.
  const body = c.req.path === '/graphql' ? { error, errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] } : { error };
  return c.json(body, 429) as unknown as undefined;
}

export interface RateLimitOptions {
  /** 0 turns limiting off. */
  perMinute: number;
  /** Where the counts live (keys of its two limiters are kept apart); by default this process's memory alone. */
  store?: Store<AppEnv> | undefined;
}

/**
 * One instance shares its counters across the routes it is used on.
 * A token has a budget of its own, but only a token that works: every bearer request refused as 401 also
 * counts against the client's address, so made-up tokens (each a fresh key, each a database lookup) stop at
 * the address's budget instead of never.
 */
export function rateLimit({ perMinute, store }: RateLimitOptions): MiddlewareHandler<AppEnv> {
  if (perMinute <= 0) return async (_c, next) => next();
  const common = { windowMs: 60_000, limit: perMinute, standardHeaders: 'draft-6' as const, handler: (c: Ctx) => refuse(c, perMinute) };
  const failedTokens = rateLimiter<AppEnv>({
    ...common,
    store: store ?? new MemoryStore(),
    keyGenerator: (c) => `failed:${addressKey(c)}`,
    skip: (c) => c.req.method === 'OPTIONS' || !bearerOf(c),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (c) => c.res.status !== 401,
  }) as MiddlewareHandler<AppEnv>;
  const perClient = rateLimiter<AppEnv>({
    ...common,
    store: store ?? new MemoryStore(),
    keyGenerator: clientKey,
    skip: (c) => c.req.method === 'OPTIONS',
  }) as MiddlewareHandler<AppEnv>;
  return async (c, next) => {
    const refused = await failedTokens(c, async () => {
      const answer = await perClient(c, next);
      // Set where the outer limiter reads the status from (and Hono the response).
      if (answer instanceof Response) c.res = answer;
    });
    if (refused instanceof Response) return refused;
  };
}
