// The composition root of the HTTP application: the only importer of the schema and Yoga, which it hands down as functions.
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bytesIn, type Config } from './config.ts';
import { databaseCauseOf, isDatabaseUnavailable, pingDb, type Db, type DbHandle } from './db.ts';
import { AppError } from './errors.ts';
import { responseCache, type ResponseCacheOptions } from './graphql/cache/middleware.ts';
import { compiledPath } from './graphql/compiled/middleware.ts';
import { acceptedBy } from './graphql/documents/check-document.ts';
import { createDocumentRegistry } from './graphql/documents/registry.ts';
import { schema } from './graphql/schema.ts';
import { graphiqlAssetRoutes } from './graphql/graphiql/assets.ts';
import type { CacheSize } from './graphql/heap-size.ts';
import { mutationPath } from './graphql/mutation-path.ts';
import { createGraphQLServer } from './graphql/yoga.ts';
import { type TokenVerifier, viewerOf } from './http/auth.ts';
import { mutationsKeepingAccess } from './modules/accounts/tokens.ts';
import { limitBody } from './http/body.ts';
import { identifyClient } from './http/client-address.ts';
import { errorPage, wantsHtml } from './http/error-page.ts';
import { usePublicAccess } from './http/public-access.ts';
import { requestLog, type AppEnv } from './http/request-context.ts';
import { securityHeaders } from './http/security-headers.ts';
import { createLogger, type Logger } from './log.ts';
import { createMailer, type Mailer } from './mail.ts';
import { createConsoleRoutes } from './modules/console/routes.tsx';
import { createNotifier, type Notifier } from './modules/editorial/notifications.ts';
import { persistedDocuments } from './modules/embed/documents.ts';
import type { AnonymousExecutor } from './modules/embed/listing.ts';
import { embedRoutes } from './modules/embed/routes.ts';
import { createFeedRoutes } from './modules/feeds/routes.ts';
import { createFollowingRoutes } from './modules/following/routes.ts';
import { createHsdsRoutes } from './modules/hsds/routes.ts';
import { directoryDocuments } from './modules/directory/documents.ts';
import { createDirectoryRoutes } from './modules/directory/routes.tsx';
import { createPageRoutes } from './modules/pages/routes.ts';
import { crawlerRoutes } from './modules/pages/sitemap.ts';

export interface AppDeps {
  handle: DbHandle;
  config: Config;
  logger?: Logger;
  verifyToken?: TokenVerifier;
  /** Serve repeated anonymous reads from memory (off unless given; main.ts turns it on). */
  responseCache?: ResponseCacheOptions | false;
  /** Documents to compile to one SQL statement each and serve without GraphQL execution (anonymous requests). */
  compiledDocuments?: Iterable<string>;
  /** With compiledDocuments: also compile any other anonymous document on first sight, within Yoga's bounds (default true). */
  compileAdHoc?: boolean;
  /** Run signed-in mutations through Yoga's envelop without its HTTP layer (default true; graphql/mutation-path.ts). */
  mutationPath?: boolean;
  /** Outgoing mail for the console (default: SMTP_URL, else the outbox folder). */
  mailer?: Mailer;
  /** The one-time code /console/setup asks for on a database with no host yet (main.ts prints it). */
  setupCode?: string;
  /** True once shutdown has begun (main.ts): /readyz then answers 503, so a load balancer stops sending traffic here. */
  stopping?: () => boolean;
}

/** /graphql and everything in front of it (body limit, response cache, compiled path), as one sub-app. */
function createGraphQLRoutes(deps: AppDeps & { logger: Logger; readDb: () => Db; notify: Notifier }) {
  const { handle, config, logger } = deps;
  // Documents by hash (the embeds', the directory pages' and those clients registered), shared by everything that serves them.
  const documents = createDocumentRegistry(handle, { fixed: new Map([...persistedDocuments, ...directoryDocuments]) });
  const { yoga, vet, parseCacheSize } = createGraphQLServer({
    schema,
    handle,
    config,
    logger,
    documents,
    readDb: deps.readDb,
    notify: deps.notify,
    afterMutation: (fields) => {
      if (fields.some((f) => !mutationsKeepingAccess.has(f))) deps.verifyToken?.forget?.();
    },
  });
  const app = new Hono<AppEnv>();
  // Requests made in-process (the embeds' executor) did not pass the request log: they carry its id in a header.
  app.use('/graphql', async (c, next) => {
    if (!c.get('requestId')) c.set('requestId', c.req.header('x-request-id') ?? crypto.randomUUID());
    await next();
  });
  app.use(
    '/graphql',
    limitBody(config.MAX_BODY_BYTES, () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${config.MAX_BODY_BYTES} bytes.`);
    }),
  );
  const responses = deps.responseCache
    ? responseCache({ schema, handle, logger, options: { maxBytes: bytesIn(config.CACHE_RESPONSES_MB), ...deps.responseCache } })
    : undefined;
  if (responses) app.use('/graphql', responses);
  let compiled: ReturnType<typeof compiledPath> | undefined;
  if (deps.compiledDocuments) {
    // Documents nobody registered are vetted by Yoga's own parse and validation, and their rows estimated per request.
    const limits = { vet: acceptedBy(vet), maxRows: config.GRAPHQL_MAX_COST };
    const source = { limits, adHoc: deps.compileAdHoc !== false, byHash: (hash: string) => documents.byHash(hash) };
    const budgets = { compiledBytes: bytesIn(config.CACHE_COMPILED_MB), statementBytes: bytesIn(config.CACHE_STATEMENTS_MB) };
    compiled = compiledPath({ schema, handle, logger, documents: deps.compiledDocuments, source, budgets, verifyToken: deps.verifyToken });
    app.use('/graphql', compiled);
  }
  if (deps.mutationPath !== false) app.use('/graphql', mutationPath({ yoga, verifyToken: deps.verifyToken }));
  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', async (c) => {
    const requestId = c.get('requestId');
    const viewer = await viewerOf(c, deps.verifyToken);
    return yoga.fetch(c.req.raw, { viewer, requestId });
  });

  /** An anonymous persisted GET through the whole stack above, as a browser's would go. */
  const execute: AnonymousExecutor = async ({ documentId, variables, requestId }) => {
    const query = new URLSearchParams({ documentId, variables: JSON.stringify(variables) });
    const res = await app.request(`/graphql?${query}`, {
      headers: { accept: 'application/graphql-response+json', 'x-request-id': requestId },
    });
    return res.json();
  };
  /** What each cache anonymous requests can fill holds now, against its budget; absent where it is off. */
  const cacheSizes = (): CacheSizes => ({
    documents: parseCacheSize(),
    ...(compiled ? compiled.sizes() : {}),
    ...(responses ? { responses: responses.cache.usage() } : {}),
  });
  return { app, execute, cacheSizes, warmUp: () => compiled?.warmUp() };
}

export interface CacheSizes {
  documents: CacheSize;
  compiled?: CacheSize;
  statements?: CacheSize;
  responses?: CacheSize;
}

export function createApp(deps: AppDeps) {
  const logger = deps.logger ?? createLogger(deps.config.LOG_LEVEL);
  // Anonymous reads everywhere (GraphQL, pages, feeds, embeds) go where this says: a replica, when there are any.
  const readDb = () => deps.handle.readDb;
  const mailer = deps.mailer ?? createMailer(deps.config, logger);
  const notify = createNotifier({ db: deps.handle.db, mailer, config: deps.config, logger });
  const graphql = createGraphQLRoutes({ ...deps, logger, readDb, notify });
  const app = new Hono<AppEnv>();

  app.use('*', identifyClient(deps.config.TRUSTED_PROXIES));
  app.use('*', requestLog(logger));
  app.use('*', securityHeaders());
  usePublicAccess(app, { config: deps.config, handle: deps.handle, logger });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // Within a second, always: a load balancer's probe must not hang on a database that does not answer.
  app.get('/readyz', async (c) => {
    if (deps.stopping?.()) return c.json({ status: 'stopping', database: deps.handle.kind }, 503);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 1 s')), 1_000);
    });
    try {
      await Promise.race([pingDb(deps.handle.db), late]);
      return c.json({ status: 'ready', database: deps.handle.kind });
    } catch {
      c.header('Retry-After', '2');
      return c.json({ status: 'unavailable', database: deps.handle.kind }, 503);
    } finally {
      clearTimeout(timer);
    }
  });

  app.route('/', graphql.app);
  app.route('/', graphiqlAssetRoutes());
  app.route('/', embedRoutes({ config: deps.config, execute: graphql.execute, readDb }));
  app.route('/feeds', createFeedRoutes({ readDb, config: deps.config }));
  app.route('/', createFollowingRoutes({ readDb, singleConnection: deps.handle.kind === 'pglite', config: deps.config }));
  app.route('/', createHsdsRoutes({ readDb, config: deps.config }));
  // Signed-in work reads and writes the primary, so editors see their own writes.
  // The console revokes tokens and removes members too: its writes drop remembered tokens before they are answered.
  app.use('/console/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST') deps.verifyToken?.forget?.();
  });
  app.route(
    '/console',
    createConsoleRoutes({ db: deps.handle.db, config: deps.config, logger, mailer, notify, setupCode: deps.setupCode }),
  );
  // The directory's listings and home page first: /events/calendar is a view, not an event's slug.
  app.route('/', createDirectoryRoutes({ readDb, config: deps.config, execute: graphql.execute }));
  app.route('/', createPageRoutes({ readDb, config: deps.config }));
  app.route('/', crawlerRoutes({ readDb, config: deps.config }));

  // A browser gets a page; API clients keep JSON; /graphql always answers in GraphQL's own shape, and the HSDS API
  // in JSON (a browser opening one of its links is still reading data, and the error names the parameter).
  const jsonOnly = (path: string) => path === '/graphql' || path === '/hsds' || path.startsWith('/hsds/');
  const asPage = (c: Context) => !jsonOnly(c.req.path) && wantsHtml(c.req.header('accept'));

  app.notFound((c) => {
    const message = `No route for ${c.req.method} ${c.req.path}`;
    if (asPage(c))
      return c.html(errorPage({ status: 404, message: 'There is nothing at this address.', requestId: c.get('requestId') }), 404);
    return c.json({ error: { code: 'NOT_FOUND', message } }, 404);
  });

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    if (err instanceof AppError) {
      if (err.code === 'UNAVAILABLE') c.header('Retry-After', '2');
      if (asPage(c))
        return c.html(errorPage({ status: err.status, message: err.message, fields: err.fieldErrors, requestId }), err.status as 400);
      const body = { error: { code: err.code, message: err.message, ...(err.fieldErrors.length ? { fieldErrors: err.fieldErrors } : {}) } };
      // GraphQL clients read `errors`; give them the same code in the shape they expect.
      const graphql = c.req.path === '/graphql' ? { errors: [{ message: err.message, extensions: { code: err.code } }] } : {};
      return c.json({ ...body, ...graphql }, err.status as 400);
    }
    if (err instanceof HTTPException) {
      if (asPage(c)) return c.html(errorPage({ status: err.status, message: err.message, requestId }), err.status);
      return c.json({ error: { code: 'HTTP_ERROR', message: err.message } }, err.status);
    }
    if (isDatabaseUnavailable(err)) {
      logger.warn('database unavailable', { requestId, cause: databaseCauseOf(err) ?? String(err) });
      c.header('Retry-After', '2');
      const message = 'The database is not answering just now. Please retry in a moment.';
      if (asPage(c)) return c.html(errorPage({ status: 503, message, requestId }), 503);
      const graphql = c.req.path === '/graphql' ? { errors: [{ message, extensions: { code: 'UNAVAILABLE' } }] } : {};
      return c.json({ error: { code: 'UNAVAILABLE', message }, ...graphql }, 503);
    }
    logger.error('unhandled error', { requestId, error: err.stack ?? String(err), cause: databaseCauseOf(err) });
    const message = `Unexpected error (request ${requestId}).`;
    if (asPage(c))
      return c.html(
        errorPage({ status: 500, message: 'The directory could not answer this request. Please try again in a moment.', requestId }),
        500,
      );
    const graphql = c.req.path === '/graphql' ? { errors: [{ message, extensions: { code: 'INTERNAL', requestId } }] } : {};
    return c.json({ error: { code: 'INTERNAL', message }, ...graphql }, 500);
  });

  // Read-only: the operator's and the tests' view of the byte budgets (docs/operations.md, "Memory"). warmUp: what a
  // restart leaves until the server has answered (main.ts); each piece is also done on first use if needed sooner.
  return Object.assign(app, { cacheSizes: graphql.cacheSizes, warmUp: graphql.warmUp });
}
