// CORS for the public read endpoints: any origin, no credentials, and never for a request that carries a token.
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';

export const publicCors = () => {
  const allowAnyOrigin = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    // No Authorization: a browser on another site cannot get a preflight approved for a token.
    allowHeaders: ['Content-Type', 'Accept'],
    exposeHeaders: [
      'ETag',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'X-Request-Id',
      'X-Poll-Interval',
      'X-Change-Cursor',
    ],
    maxAge: 600,
    credentials: false,
  });
  return createMiddleware(async (c, next) => {
    if (c.req.header('authorization') !== undefined || c.req.header('cookie') !== undefined) return next();
    return allowAnyOrigin(c, next);
  });
};
