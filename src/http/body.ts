// Request bodies: a size bound that does not materialise a Fetch Request, and handing a body Hono already read on to Yoga.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';

/**
 * Refuses bodies over `maxSize` bytes. A declared Content-Length is checked from the header alone; only a
 * chunked body goes through hono's bodyLimit, which reads it (and with @hono/node-server builds a full Fetch
 * Request, the cost this avoids on every other POST).
 */
export function limitBody(maxSize: number, onError: (c: Context) => never): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return createMiddleware(async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (!/^\d+$/.test(length) || Number(length) > maxSize) return onError(c);
    return next();
  });
}

const replayable = new WeakSet<Request>();

/**
 * Hono keeps a body it read (`c.req.text()`), but @hono/node-server read it straight off the socket: a
 * Request handed on to Yoga must carry it again. Call before `next()` where a middleware may have read it.
 */
export async function handBodyOn(c: Context): Promise<void> {
  const text = c.req.bodyCache.text as Promise<string> | undefined;
  if (!text || replayable.has(c.req.raw)) return;
  const raw = c.req.raw;
  c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: await text });
  replayable.add(c.req.raw);
}
