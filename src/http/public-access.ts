// Middleware for anonymous reads: CORS on the cross-origin ones, one rate limit for all that reach the database, GraphQL GET caching.
import type { Hono } from 'hono';
import type { Config } from '../config.ts';
import { closeWith, type DbHandle } from '../db.ts';
import type { Logger } from '../log.ts';
import { graphqlHttpCache } from './graphql-cache.ts';
import { publicCors } from './public-cors.ts';
import { rateLimit } from './rate-limit.ts';
import type { AppEnv } from './request-context.ts';
import { SharedRateStore } from './shared-rate-store.ts';

/** The public read endpoints; everything else stays same-origin only. */
export const publicReadPaths = ['/graphql', '/oembed', '/embed.js', '/embed/*', '/changes', '/export/*'] as const;

/**
 * What the rate limit leaves alone: answers that never reach the database (content-addressed assets, scripts,
 * robots.txt, the probes a load balancer must always get through) and the console, whose sign-in has a limit
 * of its own and whose other pages need a session. Everything else, unknown paths included, is counted.
 */
const unlimited = [/^\/assets\//, /^\/graphiql\//, /^\/(healthz|readyz|robots\.txt|embed\.js|favicon\.ico)$/, /^\/console(\/|$)/];

export function usePublicAccess(app: Hono<AppEnv>, o: { config: Config; handle: DbHandle; logger: Logger }): void {
  const cors = publicCors();
  for (const path of publicReadPaths) app.use(path, cors);
  const limit = rateLimit({ perMinute: o.config.RATE_LIMIT_PER_MINUTE, store: sharedStore(o) });
  // One limiter, so its counters are shared: a client's budget covers pages, feeds, embeds and the API alike.
  app.use('*', (c, next) => (unlimited.some((pattern) => pattern.test(c.req.path)) ? next() : limit(c, next)));
  app.use('/graphql', graphqlHttpCache());
}

/** Several servers of one PostgreSQL share the counts; the embedded database has one process, whose memory is enough. */
function sharedStore({ config, handle, logger }: { config: Config; handle: DbHandle; logger: Logger }) {
  if (config.RATE_LIMIT_PER_MINUTE <= 0 || !handle.postgresUrl) return undefined;
  const store = new SharedRateStore({
    url: handle.postgresUrl,
    syncMs: config.RATE_LIMIT_SYNC_MS,
    connectTimeoutS: config.DATABASE_CONNECT_TIMEOUT_S,
    logger,
  });
  closeWith(handle, () => store.shutdown());
  return store;
}
