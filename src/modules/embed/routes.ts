// The embed module's HTTP surface: /embed.js, /embed (builder), /embed/<kind>[/<slug>] and /oembed.
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { EmbedDeps } from './listing.ts';
import type { AppEnv } from '../../http/request-context.ts';
import { builderRoutes } from './builder.ts';
import { frameRoutes } from './frame.ts';
import { oembedRoutes } from './oembed.ts';
import { embedScript } from './script.ts';

export function embedRoutes(deps: EmbedDeps) {
  const app = new Hono<AppEnv>();
  const script = embedScript(deps.config.PUBLIC_URL);

  app.use('/embed.js', etag());
  app.use('/embed/*', etag());
  app.get('/embed.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    // A stale script asks for retired document hashes, so staleness is bounded to an hour after a release.
    c.header('Cache-Control', 'public, max-age=600, stale-while-revalidate=3000');
    return c.body(script);
  });
  app.route('/', builderRoutes(deps));
  app.route('/', frameRoutes(deps));
  app.route('/', oembedRoutes(deps));
  return app;
}
