// The compiled path: a read of a known document runs its one compiled statement, without GraphQL execution, for anonymous and signed-in readers.
import { createHash } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createMiddleware } from 'hono/factory';
import { LRUCache } from 'lru-cache';
import type { DbHandle } from '../../db.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { handBodyOn } from '../../http/body.ts';
import { markCleanResult } from '../../http/graphql-cache.ts';
import type { AppEnv } from '../../http/request-context.ts';
import { type TokenVerifier, viewerOf } from '../../http/auth.ts';
import type { Viewer } from '../../modules/access/viewer.ts';
import { canReadUnpublished } from '../../modules/catalogue/visibility.ts';
import { addTags } from '../cache/tags.ts';
import { documentHex } from '../documents/registry.ts';
import { type CacheSize, ENTRY_BYTES, sizeOf, textBytes } from '../heap-size.ts';
import { compileDocument, NotCompilable, type CompiledDocument, type CompileLimits } from './compile.ts';

const dialect = new PgDialect();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface CompiledDocuments {
  byText: Map<string, CompiledDocument>;
  byHash: Map<string, CompiledDocument>;
}

/** Compiles each document once; those needing the Pothos path are left out. */
export function registerDocuments(schema: GraphQLSchema, documents: Iterable<string>): CompiledDocuments {
  const byText = new Map<string, CompiledDocument>();
  const byHash = new Map<string, CompiledDocument>();
  for (const text of documents) {
    const compiled = compileDocument(schema, text);
    if (!compiled) continue;
    byText.set(text, compiled);
    byHash.set(sha256(text), compiled);
  }
  return { byText, byHash };
}

/**
 * Runs a statement that returns one `body` text, prepared (PostgreSQL) so it is planned once per connection,
 * unless the handle's budget says not; `prepare: false` sends every statement unnamed.
 */
export function statementRunner(
  handle: DbHandle,
  options: { prepare?: boolean; primary?: boolean } = {},
): (text: string, params: unknown[]) => Promise<string> {
  const prepare = options.prepare !== false;
  if (handle.postgres) {
    // Anonymous reads go to a replica when there are any; signed-in ones (`primary`) see their own writes at once.
    const replicas = options.primary ? [] : handle.replicas;
    const clients = replicas.length ? replicas : [handle.postgres];
    const counter = replicas.length ? handle.replicaStatements : { count: 0 };
    return async (text, params) => {
      counter.count++;
      const client = clients[Math.floor(Math.random() * clients.length)]!;
      // never[]: postgres.js types unsafe()'s parameters by its serialisers; drizzle has already turned them into plain values.
      // simple: false, because postgres.js sends a text with no parameters (a document without variables) as a simple
      // query, which is never prepared, whatever `prepare` says: PostgreSQL planned it on every request (0.45 ms of
      // planning against 0.9 of execution for the nested organisations). A compiled statement is always one statement.
      const options = { prepare: prepare && handle.worthPreparing(text), simple: false };
      return ((await client.unsafe(text, params as never[], options)) as unknown as { body: string }[])[0]!.body;
    };
  }
  const pg = handle.pglite!;
  return async (text, params) => (await pg.query<{ body: string }>(text, params)).rows[0]!.body;
}

/** A statement as sent: SQL text and parameters, with the cache tags of its response. */
interface Rendered {
  sql: string;
  params: unknown[];
  tags: string[];
}

/**
 * A rendered statement's heap bytes: its strings (key, SQL, tags; parameters as their JSON) at two bytes a
 * character, and the objects around them (the entry, its arrays, a string header per tag and parameter).
 */
const renderedBytes = (r: Rendered, key: string) =>
  ENTRY_BYTES +
  RENDERED_OBJECT_BYTES +
  textBytes(key) +
  textBytes(r.sql) +
  textBytes(JSON.stringify(r.params)) +
  r.tags.reduce((n, tag) => n + 32 + textBytes(tag), 0) +
  32 * r.params.length;
/** The `Rendered` object and its two arrays. */
const RENDERED_OBJECT_BYTES = 160;

/**
 * Rendered statements by document and variables: a repeated request skips building SQL. One bound for all
 * documents of an app together (variables vary per visitor: a slug, a search), least recently used out first.
 */
export function statementRenderer(maxBytes = 8 * 1024 * 1024) {
  const rendered = new LRUCache<string, Rendered>({ maxSize: maxBytes, sizeCalculation: renderedBytes });
  const documentIds = new WeakMap<CompiledDocument, number>();
  let nextDocumentId = 0;
  const render = (compiled: CompiledDocument, variables: Record<string, unknown> | null | undefined, published = true): Rendered => {
    let id = documentIds.get(compiled);
    if (id === undefined) {
      id = ++nextDocumentId;
      documentIds.set(compiled, id);
    }
    const key = `${published ? id : -id}\n${variables == null ? '' : JSON.stringify(variables)}`;
    const hit = rendered.get(key);
    if (hit) return hit;
    const { statement, tags } = compiled.render(variables, { published });
    const query = dialect.sqlToQuery(statement);
    const value = { sql: query.sql, params: query.params, tags };
    rendered.set(key, value);
    return value;
  };
  return Object.assign(render, { size: () => sizeOf(rendered) });
}
type Render = ReturnType<typeof statementRenderer>;

/**
 * The response body for a registered document and its variables, as `reader` may see it (anonymous readers and
 * those without read_drafts: published entries only); throws where Pothos must answer.
 */
export async function runCompiled(
  handle: DbHandle,
  compiled: CompiledDocument,
  variables: Record<string, unknown> | null | undefined,
  run = statementRunner(handle),
  render: Render = statementRenderer(),
  reader: { published: boolean } = { published: true },
) {
  const { sql, params, tags } = render(compiled, variables, reader.published);
  handle.statements.count++;
  return { body: await run(sql, params), tags };
}

interface Params {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/** Where documents the server was not given at start come from. */
export interface DocumentSource {
  /** A registered document's text by its sha256 hex, if any client registered it. */
  byHash?(hash: string): Promise<string | undefined>;
  /** Yoga's bounds, and the per-request row estimate, for every document compiled on demand. */
  limits: CompileLimits;
  /** Compile documents sent as text on first sight; false: only registered ones. */
  adHoc: boolean;
}

/**
 * Documents compiled on demand (keyed by their text, or by hash), bounded by the bytes they hold, least
 * recently used out first. REFUSED remembers one that will not compile: anonymous texts of up to the body
 * limit each, so a count bound alone would let them hold hundreds of megabytes. A compiled document holds
 * its parsed document (tokens and AST: heapBytes), which its text's length alone does not tell.
 */
const REFUSED = 'refused' as const;
type OnDemand = CompiledDocument | typeof REFUSED;
const onDemandCache = (maxBytes: number) =>
  new LRUCache<string, OnDemand>({
    maxSize: maxBytes,
    // Keyed by text, the key is the document's own string; by hash, a string of its own.
    sizeCalculation: (doc, key) =>
      doc === REFUSED ? ENTRY_BYTES + textBytes(key) : doc.heapBytes + (key === doc.document ? 0 : ENTRY_BYTES + textBytes(key)),
  });

const hashOf = (p: Params) => documentHex(p.extensions?.persistedQuery?.sha256Hash ?? p.documentId);

export function compiledPath(deps: {
  schema: GraphQLSchema;
  handle: DbHandle;
  logger: Logger;
  documents: Iterable<string>;
  source: DocumentSource;
  /** Bytes for documents compiled on sight (and refusals), and for rendered statements (CACHE_COMPILED_MB, CACHE_STATEMENTS_MB). */
  budgets: { compiledBytes: number; statementBytes: number };
  /** Signed-in requests are served too when there is a verifier: it says who reads, and so what they may see. */
  verifyToken?: TokenVerifier | undefined;
}) {
  const { schema } = deps;
  // Compiled when first needed, or by warmUp() once the server has answered its first request: 50 to 80 ms of CPU
  // (the first validation also checks the schema itself) that a restart otherwise spent before it could listen.
  let registered: CompiledDocuments | undefined;
  const docs = () => (registered ??= registerDocuments(schema, deps.documents));
  const run = statementRunner(deps.handle);
  /*
   * A document sent as text by an anonymous client runs unnamed: a prepared statement stays on its connection
   * for the connection's life, so every distinct text would take a share of the prepared budget from the
   * documents that repeat (the app's own, the registered ones). Registered and built-in documents are prepared
   * within the handle's budget; a client that repeats a document registers it (docs/embedding.md).
   */
  const runUnnamed = statementRunner(deps.handle, { prepare: false });
  const signedIn = {
    run: statementRunner(deps.handle, { primary: true }),
    unnamed: statementRunner(deps.handle, { prepare: false, primary: true }),
  };
  const render = statementRenderer(deps.budgets.statementBytes);
  const never = new WeakSet<CompiledDocument>();
  const adHoc = new WeakSet<CompiledDocument>();
  const onDemand = onDemandCache(deps.budgets.compiledBytes);
  const compileOnce = (key: string, text: string, limits: CompileLimits, fromText = false) => {
    const doc = compileDocument(schema, text, limits);
    if (doc && fromText) adHoc.add(doc);
    onDemand.set(key, doc ?? REFUSED);
    return doc;
  };
  const known = (key: string) => {
    const doc = onDemand.get(key);
    return doc === REFUSED ? null : doc;
  };
  const { source } = deps;

  async function find(p: Params): Promise<CompiledDocument | undefined> {
    let doc: CompiledDocument | null | undefined;
    if (typeof p.query === 'string') {
      doc = docs().byText.get(p.query);
      if (!doc && source.adHoc) {
        doc = known(p.query);
        if (doc === undefined) doc = compileOnce(p.query, p.query, source.limits, true);
      }
    } else {
      const hash = hashOf(p);
      if (!hash) return undefined;
      doc = docs().byHash.get(hash) ?? known(hash);
      if (doc === undefined && source.byHash) {
        const text = await source.byHash(hash);
        // Registered by a signed-in client and checked against the bounds then; the row estimate is per request.
        if (text !== undefined) doc = compileOnce(hash, text, source.limits);
      }
    }
    if (!doc || (p.operationName != null && p.operationName !== doc.operationName)) return undefined;
    return doc;
  }

  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    const authorization = c.req.header('authorization');
    if ((method !== 'GET' && method !== 'POST') || (authorization !== undefined && !deps.verifyToken)) return next();
    let params: Params;
    let variables: unknown;
    const onward = async () => {
      await handBodyOn(c);
      return next();
    };
    try {
      if (method === 'GET') {
        const url = new URL(c.req.url);
        params = {
          query: url.searchParams.get('query') ?? undefined,
          documentId: url.searchParams.get('documentId') ?? undefined,
          operationName: url.searchParams.get('operationName') ?? undefined,
        };
        const raw = url.searchParams.get('variables');
        variables = raw ? JSON.parse(raw) : undefined;
        const ext = url.searchParams.get('extensions');
        if (ext) params.extensions = JSON.parse(ext);
      } else {
        if (!c.req.header('content-type')?.includes('application/json')) return next();
        params = JSON.parse(await c.req.text()) as Params;
        variables = params.variables;
      }
    } catch {
      return onward();
    }
    let doc: CompiledDocument | undefined;
    try {
      doc = await find(params);
    } catch (err) {
      // A registered document's lookup failed (the database): Yoga answers, with its own lookup and errors.
      deps.logger.warn('compiled path lookup failed; using Pothos', { error: String(err) });
      return onward();
    }
    if (!doc || never.has(doc) || (variables != null && typeof variables !== 'object')) return onward();
    // A signed-in reader: the token (remembered, usually: no statement) decides what the one statement may show.
    // A token refused, or a lookup that failed, is answered by the Yoga route, with its 401 or 503.
    let viewer: Viewer | null = null;
    if (authorization !== undefined) {
      try {
        viewer = await viewerOf(c, deps.verifyToken);
      } catch {
        return onward();
      }
    }
    try {
      const started = performance.now();
      const runner = viewer ? (adHoc.has(doc) ? signedIn.unnamed : signedIn.run) : adHoc.has(doc) ? runUnnamed : run;
      const reader = { published: !canReadUnpublished({ viewer }) };
      const result = await runCompiled(deps.handle, doc, variables as Record<string, unknown>, runner, render, reader);
      // Server-Timing tells a partner's devtools (and the tests) which path answered, and how long the statement took.
      c.header('Server-Timing', `compiled;dur=${(performance.now() - started).toFixed(1)}`);
      addTags(c.req.raw, result.tags);
      markCleanResult(c, result.body);
      const graphqlJson = c.req.header('accept')?.includes('application/graphql-response+json');
      return c.body(result.body, 200, {
        'content-type': `${graphqlJson ? 'application/graphql-response+json' : 'application/json'}; charset=utf-8`,
      });
    } catch (err) {
      if (err instanceof NotCompilable && err.structural) never.add(doc);
      // Invalid input (a bad slug, a page size out of range) gets its typed error from the Pothos path. Anything
      // else, a database error above all, is the compiler's fault: Pothos answers, and the log says so.
      if (!(err instanceof NotCompilable) && !(err instanceof AppError))
        deps.logger.warn('compiled path failed; using Pothos', { error: String(err) });
      return onward();
    }
  });
  /** What the compiled path holds, each against its budget. */
  const sizes = (): { compiled: CacheSize; statements: CacheSize } => ({ compiled: sizeOf(onDemand), statements: render.size() });
  const warmUp = () => void docs();
  return Object.assign(middleware, { sizes, warmUp });
}
