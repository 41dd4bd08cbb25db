// What every browser test needs: Debian's Chromium launched as CI runs it, and the app served on a free loopback port.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';

/** Headless, no sandbox (root in CI), and no background networking: this machine refuses outside connections. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Serves an app whose configuration needs its own address (PUBLIC_URL): the port is taken first, then `build` makes
 * the app for that base URL. Requests before `build` returns cannot arrive: nothing knows the port yet.
 */
export async function serveApp(build: (base: string) => { fetch: (req: Request, env?: unknown) => Response | Promise<Response> }) {
  let app: ReturnType<typeof build> | undefined;
  const server: ServerType = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = build(base);
  return { server, base };
}
