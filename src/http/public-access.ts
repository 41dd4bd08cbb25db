// Middleware for anonymous, cross-origin reads: CORS, the per-client rate limit and GraphQL GET caching.
import type { Hono } from 'hono';
import type { Config } from '../config.ts';
import { graphqlHttpCache } from './graphql-cache.ts';
import { publicCors } from './public-cors.ts';
import { rateLimit } from './rate-limit.ts';
import type { AppEnv } from './request-context.ts';

/** The public read endpoints; everything else stays same-origin only. */
export const publicReadPaths = ['/graphql', '/oembed', '/embed.js', '/embed/*', '/changes', '/export/*'] as const;

export function usePublicAccess(app: Hono<AppEnv>, config: Config): void {
  const cors = publicCors();
  const limit = rateLimit(config.RATE_LIMIT_PER_MINUTE);
  for (const path of publicReadPaths) app.use(path, cors);
  // One limiter, so its counters are shared: a client's budget covers all the routes that hit the database.
  for (const path of ['/graphql', '/oembed', '/embed/*', '/changes', '/export/*']) app.use(path, limit);
  app.use('/graphql', graphqlHttpCache());
}
