// Per-request id and the structured log line every request ends with.
import { createMiddleware } from 'hono/factory';
import type { Logger } from '../log.ts';
import type { Viewer } from '../modules/access/viewer.ts';
import { setResponseHeader } from './headers.ts';

export type AppEnv = {
  Variables: {
    requestId: string;
    /** The client's address (src/http/client-address.ts); unset when there is no socket, as under app.request. */
    clientAddress?: string;
    /** Who is calling, resolved once per request (auth.ts viewerOf): the compiled path and the GraphQL route share it. */
    viewer?: Promise<Viewer | null>;
    /** A GraphQL response body written without Yoga (compiled path, response cache), known to hold no errors. */
    graphqlResult?: { body: string; etag?: string };
  };
};

const acceptableId = /^[A-Za-z0-9._-]{8,64}$/;

export const requestLog = (logger: Logger) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && acceptableId.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    try {
      await next();
    } finally {
      setResponseHeader(c, 'X-Request-Id', requestId);
      logger.info('request', {
        id: requestId,
        method: c.req.method,
        path: c.req.path,
        client: c.get('clientAddress'),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  });
