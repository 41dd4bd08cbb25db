// The composition root and the only reader of process.env: config -> database -> app -> server.
import { serve } from '@hono/node-server';
import { maxHeaderSize, type Server } from 'node:http';
import { answerClientErrors } from './http/client-errors.ts';
import { shutDown } from './http/shutdown.ts';
import { createApp } from './app.ts';
import { compilableDocuments } from './modules/embed/documents.ts';
import { bytesIn, ConfigError, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { DatabaseLockedError } from './data-dir-lock.ts';
import { createLogger } from './log.ts';
import { startupClock } from './startup-clock.ts';
import { isCatalogueEmpty, seedCatalogue } from '../seed/load.ts';
import { createTokenVerifier } from './modules/accounts/tokens.ts';
import { randomBytes } from 'node:crypto';
import { secretariatHosts } from '../schema/editorial.ts';
import { createMailer } from './mail.ts';
import { urlPolicyOf } from './modules/webhooks/endpoint-url.ts';
import { createWebhookWorker } from './modules/webhooks/worker.ts';
import { feedUrlPolicyOf } from './modules/calendars/feed-url.ts';
import { createCalendarPoller } from './modules/calendars/poller.ts';
import { createSyncPoller } from './modules/sync/poller.ts';
import { sourceUrlPolicyOf } from './modules/sync/sources.ts';

/** The longest the workers wait for a first request before starting anyway: a delivery due at start waits no longer. */
const WORKERS_WAIT_MS = 2_000;

async function main() {
  const clock = startupClock();
  clock.step('modules');
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const handle = await createDb({
    DATABASE_URL: config.DATABASE_URL,
    DATA_DIR: config.DATA_DIR,
    DATABASE_POOL_SIZE: config.DATABASE_POOL_SIZE,
    DATABASE_STATEMENT_TIMEOUT_MS: config.DATABASE_STATEMENT_TIMEOUT_MS,
    DATABASE_CONNECT_TIMEOUT_S: config.DATABASE_CONNECT_TIMEOUT_S,
    DATABASE_REPLICA_URLS: config.DATABASE_REPLICA_URLS,
    preparedBytes: bytesIn(config.CACHE_PREPARED_MB),
    // A first start takes seconds (tens on a loaded machine): say what it is doing rather than nothing.
    onProgress: (message) => logger.info(message),
  });
  clock.step('database');
  if (config.SEED_ON_START && (await isCatalogueEmpty(handle.db))) {
    logger.info('Preparing the database (first start): loading the starter catalogue…');
    const result = await seedCatalogue(handle.db);
    logger.info('seeded the starter catalogue', result);
  }
  const mailer = createMailer(config, logger);
  if (mailer.outbox) logger.info('no SMTP_URL: mail is written as .eml files to the outbox', { outbox: mailer.outbox });
  // A fresh directory is set up in the browser: this code, printed only here, proves the person owns the server.
  const [host] = await handle.db.select({ id: secretariatHosts.organisationId }).from(secretariatHosts).limit(1);
  const setupCode = host ? undefined : randomBytes(9).toString('base64url');
  if (setupCode)
    logger.info('no host yet: set up the directory at /console/setup with this one-time code', {
      setupCode,
      url: `${config.PUBLIC_URL}/console/setup`,
    });
  clock.step('catalogue');
  // Set as shutdown begins; /readyz reads it.
  let closing = false;
  const app = createApp({
    handle,
    mailer,
    ...(setupCode ? { setupCode } : {}),
    config,
    logger,
    verifyToken: createTokenVerifier({ db: handle.db, handle, logger }),
    responseCache: {},
    compiledDocuments: compilableDocuments,
    stopping: () => closing,
  });
  // Every process may run one: claims are leased, so no two send the same attempt (docs/webhooks.md).
  const webhooks = config.WEBHOOK_WORKER
    ? createWebhookWorker({ handle, logger, policy: urlPolicyOf(config), publicUrl: config.PUBLIC_URL })
    : null;
  // Likewise: feeds are claimed under a lease, so several processes poll without fetching one feed twice (docs/calendars.md).
  const calendars = config.CALENDAR_WORKER
    ? createCalendarPoller({ handle, logger, policy: feedUrlPolicyOf(config), pollMinutes: config.CALENDAR_POLL_MINUTES })
    : null;
  // And the directories this one follows (docs/sync.md).
  const sources = config.SYNC_WORKER
    ? createSyncPoller({ handle, logger, policy: sourceUrlPolicyOf(config), pollMinutes: config.SYNC_POLL_MINUTES })
    : null;
  // Started once the first request is answered (or WORKERS_WAIT_MS after listening with none): their first rounds (a
  // LISTEN and a few statements each, on the embedded database's one connection) are nothing a request needs, and
  // held up the listening by 0.1 to 0.3 s, then, run just after it, the first answer by 0.3 to 1 s under load. The
  // app's warm-up (the embeds' documents compiled) waits likewise; a request that needs it sooner does it itself.
  let workersStarted: Promise<void> = Promise.resolve();
  let startWorkersNow = () => {};
  const startWorkers = async (after: string, listenedAt: number) => {
    if (closing) return;
    app.warmUp();
    await webhooks?.start();
    if (closing) return;
    calendars?.start();
    sources?.start();
    if (webhooks || calendars || sources)
      logger.info('workers started', { after, afterListeningMs: Math.round(performance.now() - listenedAt) });
  };
  const answer: typeof app.fetch = async (request, ...rest) => {
    try {
      return await app.fetch(request, ...rest);
    } finally {
      startWorkersNow();
    }
  };
  clock.step('app');
  const server = serve({ fetch: answer, port: config.PORT, hostname: config.HOST }, (info) => {
    clock.step('listen');
    logger.info('listening', {
      url: config.PUBLIC_URL,
      port: info.port,
      database: handle.kind === 'pglite' ? `embedded (${config.DATA_DIR})` : 'postgres',
      // From the process's start, with each step's share, so a slow start says where its time went.
      ...clock.summary(),
    });
    const listenedAt = performance.now();
    workersStarted = new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('no request yet'), WORKERS_WAIT_MS);
      startWorkersNow = () => {
        // Once: every later answer (and the stop) finds nothing left to do.
        startWorkersNow = () => {};
        clearTimeout(timer);
        // After the answer's bytes are written: run from a microtask, the warm-up would hold them up.
        setImmediate(() => resolve('the first request answered'));
      };
    })
      .then((after) => startWorkers(after, listenedAt))
      .catch((err) => {
        // As fatal as before it listened: a server that cannot hear its own change notices must not run on.
        console.error(err);
        process.exit(1);
      });
  });

  server.on('clientError', answerClientErrors(maxHeaderSize));

  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    // Workers still waiting to start do not start (nor hold the shutdown up for WORKERS_WAIT_MS).
    startWorkersNow();
    logger.info('shutting down', { signal, deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
    // A last resort should closing the database itself hang: the deadline covers requests, this covers the rest.
    setTimeout(() => {
      logger.error('the database did not close: exiting without it');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 10_000).unref();
    // No new webhook rounds from now; attempts in flight finish beside the requests, and are waited for no longer
    // than the requests were: one cut short is sent again by a worker once its lease ends.
    const webhooksStopped = workersStarted.then(() => Promise.all([webhooks?.stop(), calendars?.stop(), sources?.stop()]));
    // The same deadline as the requests', counted from the signal, so the database is closed before the last resort.
    const deadline = new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT_MS).unref());
    const outcome = await shutDown({
      server: server as Server,
      deadlineMs: config.SHUTDOWN_TIMEOUT_MS,
      closeDatabase: async () => {
        await Promise.race([webhooksStopped, deadline]);
        await handle.close();
      },
    });
    if (outcome === 'forced')
      logger.warn('requests still running at the deadline were cut off', { deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
    logger.info('stopped', { outcome });
    process.exit(outcome === 'clean' ? 0 : 1);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DatabaseLockedError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
