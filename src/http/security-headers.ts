// Content-Security-Policy on every HTML page, and who may frame us: anyone for /embed/*, nobody elsewhere.
import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { setResponseHeader } from './headers.ts';

/** The CSP source for one inline script, so pages can run it without 'unsafe-inline'. */
export const scriptHash = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;

export const isFramable = (path: string) => path.startsWith('/embed/');

/** A strict page policy; pages that run an inline script pass its hash. */
export function pagePolicy(opts: { scriptHashes?: string[]; path: string }): string {
  return [
    "default-src 'self'",
    `script-src 'self'${opts.scriptHashes?.length ? ` ${opts.scriptHashes.join(' ')}` : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${isFramable(opts.path) ? '*' : "'none'"}`,
  ].join('; ');
}

// GraphiQL (yoga's HTML at GET /graphql) loads everything from this origin (src/graphql/graphiql/assets.ts).
// Its editor (Monaco) sets styles inline and embeds its fonts and icons as data: URLs.
const graphiqlPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders = () =>
  createMiddleware(async (c, next) => {
    await next();
    const framable = isFramable(c.req.path);
    const isHtml = /^text\/html/i.test(c.res.headers.get('content-type') ?? '');
    const existing = c.res.headers.get('content-security-policy');
    if (existing) {
      // A route that wrote its own policy still may not loosen who frames it.
      if (!/frame-ancestors/.test(existing))
        setResponseHeader(c, 'Content-Security-Policy', `${existing}; frame-ancestors ${framable ? '*' : "'none'"}`);
    } else if (isHtml) {
      setResponseHeader(c, 'Content-Security-Policy', c.req.path === '/graphql' ? graphiqlPolicy : pagePolicy({ path: c.req.path }));
    } else {
      setResponseHeader(c, 'Content-Security-Policy', `default-src 'none'; frame-ancestors ${framable ? '*' : "'none'"}`);
    }
    if (!framable) setResponseHeader(c, 'X-Frame-Options', 'DENY');
    setResponseHeader(c, 'X-Content-Type-Options', 'nosniff');
    setResponseHeader(c, 'Referrer-Policy', 'strict-origin-when-cross-origin');
  });
