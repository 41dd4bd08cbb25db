// Who the client is: the socket's peer, or behind trusted proxies the nearest hop of X-Forwarded-For they did not add.
import type { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import proxyaddr from 'proxy-addr';
import type { AppEnv } from './request-context.ts';

/**
 * Sets `clientAddress` once per request, so the rate limit and the request log name the same client. Without
 * `trustedProxies` X-Forwarded-For is ignored: anyone can send it, and believing it would let a client choose its key.
 */
export function identifyClient(trustedProxies: readonly string[]) {
  const trust = trustedProxies.length ? proxyaddr.compile([...trustedProxies]) : undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const peer = socketPeer(c.env);
    if (peer) c.set('clientAddress', trust ? proxyaddr(asRequest(peer, c.req.header('x-forwarded-for')), trust) : peer);
    await next();
  });
}

function socketPeer(env: unknown): string | undefined {
  try {
    return getConnInfo({ env } as Parameters<typeof getConnInfo>[0]).remote.address;
  } catch {
    // No socket: app.request in tests, an in-process request, or a runtime other than Node's.
    return undefined;
  }
}

/** What proxy-addr reads of a request: the socket's address and the header (duplicates already joined by commas). */
function asRequest(peer: string, forwardedFor: string | undefined): IncomingMessage {
  const socket = { remoteAddress: peer };
  return { socket, connection: socket, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} } as unknown as IncomingMessage;
}
