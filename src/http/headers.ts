// Setting a header on a response that already exists, without copying it.
import type { Context } from 'hono';

/**
 * Hono's `c.header()` after `next()` copies the whole Response for every call (`new Response(res.body, res)`),
 * which with @hono/node-server turns its light response into a Fetch one with a body stream: six such copies
 * were a third of a cached read's CPU. A response's own headers are mutable unless it came from `fetch()`
 * (then Hono's copy is still the way).
 */
export function setResponseHeader(c: Context, name: string, value: string, options?: { append?: boolean }): void {
  if (c.finalized) {
    try {
      if (options?.append) c.res.headers.append(name, value);
      else c.res.headers.set(name, value);
      return;
    } catch {
      // Immutable headers: fall through to Hono's copy.
    }
  }
  c.header(name, value, options);
}
