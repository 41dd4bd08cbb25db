// The server under test, run as a child process: the real app plus bench-only routes, on a loopback port.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db.ts';
import { createSignInLink, redeemSignInLink } from '../src/modules/accounts/sign-in.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { SESSION_COOKIE } from '../src/modules/console/env.ts';
import { compilableDocuments } from '../src/modules/embed/documents.ts';
import { operations } from './operations.ts';
import { rawMutationRoutes } from './raw-mutation.ts';
import { rawConsoleRoutes } from './raw-console.tsx';
import { rawPageRoutes } from './raw-pages.tsx';
import { rawRoutes } from './raw-routes.ts';

const env = process.env;
const handle = await createDb({
  DATABASE_URL: env.DATABASE_URL || undefined,
  DATA_DIR: env.BENCH_DATA_DIR,
  DATABASE_POOL_SIZE: 10,
  prepare: env.BENCH_PREPARE !== '0',
});
// Rate limiting off: the load generator is one client sending thousands of requests a second.
const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', SEED_ON_START: 'false' });
// Registered documents: the embeds' persisted ones and the benchmark's own, as a client would register them.
const documents = [...compilableDocuments, ...operations().map((o) => o.document)];
// Bearer tokens are honoured as main.ts honours them (the partner's mutation signs in).
const verifyToken = createTokenVerifier({ db: handle.db, handle });
const app = createApp({ handle, config, verifyToken, responseCache: {}, compiledDocuments: documents });
// As main.ts builds it: only the embeds' documents registered, so the benchmark's are arbitrary documents to it.
const unregistered = createApp({ handle, config, verifyToken, responseCache: {}, compiledDocuments: compilableDocuments });
// The same app without the compiled path or the mutation path, so one run measures full Yoga and Pothos on the very same documents.
const pothos = createApp({ handle, config, verifyToken, responseCache: {}, compileAdHoc: false, mutationPath: false });
// The same app without the response cache: pages whose every GraphQL read runs its statement.
const uncached = createApp({ handle, config, verifyToken, compiledDocuments: documents });
const apps = { pothos, arbitrary: unregistered, uncached } as Record<string, typeof app>;

const bench = new Hono().basePath('/__bench');
bench.route('/', rawRoutes(handle));
bench.route('/', rawMutationRoutes(handle));
bench.route('/', rawPageRoutes(handle, config.PUBLIC_URL));
bench.route('/', rawConsoleRoutes(handle));
// A console session opened as the console opens one (a sign-in link, redeemed): the link would be mailed, so it is
// made and spent here, in the process that holds the database.
bench.post('/console-session', async (c) => {
  const link = await createSignInLink({ db: handle.db, email: c.req.query('email') ?? '', purpose: 'sign_in' });
  if (!link) return c.text('no account with a membership has that address (the partner is set up by the write operation)', 404);
  const opened = await redeemSignInLink({ db: handle.db, secret: link.secret, sessionDays: 1 });
  if (!opened) return c.text('the sign-in link did not open a session', 500);
  return c.text(`${SESSION_COOKIE}=${opened.sessionSecret}`);
});
bench.get('/stats', (c) =>
  c.json({ statements: handle.statements.count, rss: process.memoryUsage().rss, peakRss: process.resourceUsage().maxRSS * 1024 }),
);

// A prefix check, not a parent router, so the app's own routing is exactly what production runs.
const server = serve(
  {
    fetch: (req, bindings) =>
      req.url.includes('/__bench/') ? bench.fetch(req) : (apps[req.headers.get('x-bench-path') ?? ''] ?? app).fetch(req, bindings),
    port: 0,
    hostname: '127.0.0.1',
  },
  (info) => process.send?.({ port: info.port }),
);

process.on('message', async (msg) => {
  if (msg !== 'stop') return;
  server.close();
  await handle.close();
  process.exit(0);
});
