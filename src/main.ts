// The composition root and the only reader of process.env: config -> database -> app -> server.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { compilableDocuments } from './modules/embed/documents.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDb, DatabaseLockedError } from './db.ts';
import { createLogger } from './log.ts';
import { isCatalogueEmpty, seedCatalogue } from '../seed/load.ts';
import { createTokenVerifier } from './modules/accounts/tokens.ts';
import { randomBytes } from 'node:crypto';
import { secretariatHosts } from '../schema/editorial.ts';
import { createMailer } from './mail.ts';

async function main() {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const handle = await createDb({
    DATABASE_URL: config.DATABASE_URL,
    DATA_DIR: config.DATA_DIR,
    DATABASE_POOL_SIZE: config.DATABASE_POOL_SIZE,
    DATABASE_REPLICA_URLS: config.DATABASE_REPLICA_URLS,
  });
  if (config.SEED_ON_START && (await isCatalogueEmpty(handle.db))) {
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
  const app = createApp({
    handle,
    mailer,
    ...(setupCode ? { setupCode } : {}),
    config,
    logger,
    verifyToken: createTokenVerifier({ db: handle.db }),
    responseCache: {},
    compiledDocuments: compilableDocuments,
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info('listening', {
      url: config.PUBLIC_URL,
      port: info.port,
      database: handle.kind === 'pglite' ? `embedded (${config.DATA_DIR})` : 'postgres',
      // From the process's start (performance's time origin), so loading the modules counts too.
      startupMs: Math.round(performance.now()),
    });
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('shutting down', { signal });
    // Stop accepting, let in-flight requests finish, then close the database so nothing is lost.
    const force = setTimeout(() => {
      logger.warn('forcing exit after 10 s');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      await handle.close();
      logger.info('stopped');
      process.exit(0);
    });
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DatabaseLockedError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
