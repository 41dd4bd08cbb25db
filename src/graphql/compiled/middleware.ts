// The compiled path: an anonymous request for a registered document runs its one compiled statement, without GraphQL execution.
import { createHash } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createMiddleware } from 'hono/factory';
import { LRUCache } from 'lru-cache';
import { worthPreparing, type DbHandle } from '../../db.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { handBodyOn } from '../../http/body.ts';
import { markCleanResult } from '../../http/graphql-cache.ts';
import type { AppEnv } from '../../http/request-context.ts';
import { addTags } from '../cache/tags.ts';
import { documentHex } from '../documents/registry.ts';
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

/** Runs a statement that returns one `body` text, prepared (PostgreSQL) so it is planned once per connection, unless worthPreparing says not. */
export function statementRunner(handle: DbHandle): (text: string, params: unknown[]) => Promise<string> {
  if (handle.postgres) {
    // Only anonymous reads come here: a replica answers them when there are any.
    const clients = handle.replicas.length ? handle.replicas : [handle.postgres];
    const counter = handle.replicas.length ? handle.replicaStatements : { count: 0 };
    return async (text, params) => {
      counter.count++;
      const client = clients[Math.floor(Math.random() * clients.length)]!;
      // never[]: postgres.js types unsafe()'s parameters by its serialisers; drizzle has already turned them into plain values.
      return ((await client.unsafe(text, params as never[], { prepare: worthPreparing(text) })) as unknown as { body: string }[])[0]!.body;
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

/** Characters as the bytes a string holds in V8's heap (two per UTF-16 unit), plus an entry's bookkeeping. */
const heapBytes = (...texts: string[]) => 64 + texts.reduce((n, t) => n + t.length * 2, 0);

/**
 * Rendered statements by document and variables: a repeated request skips building SQL. One bound for all
 * documents of an app together (variables vary per visitor: a slug, a search), least recently used out first.
 */
export function statementRenderer(maxBytes = 16 * 1024 * 1024) {
  const rendered = new LRUCache<string, Rendered>({
    maxSize: maxBytes,
    sizeCalculation: (r, key) => heapBytes(key, r.sql, JSON.stringify(r.params), ...r.tags),
  });
  const documentIds = new WeakMap<CompiledDocument, number>();
  let nextDocumentId = 0;
  return (compiled: CompiledDocument, variables: Record<string, unknown> | null | undefined): Rendered => {
    let id = documentIds.get(compiled);
    if (id === undefined) {
      id = ++nextDocumentId;
      documentIds.set(compiled, id);
    }
    const key = `${id}\n${variables == null ? '' : JSON.stringify(variables)}`;
    const hit = rendered.get(key);
    if (hit) return hit;
    const { statement, tags } = compiled.render(variables);
    const query = dialect.sqlToQuery(statement);
    const value = { sql: query.sql, params: query.params, tags };
    rendered.set(key, value);
    return value;
  };
}
type Render = ReturnType<typeof statementRenderer>;

/** The response body for a registered document and its variables; throws where Pothos must answer. */
export async function runCompiled(
  handle: DbHandle,
  compiled: CompiledDocument,
  variables: Record<string, unknown> | null | undefined,
  run = statementRunner(handle),
  render: Render = statementRenderer(),
) {
  const { sql, params, tags } = render(compiled, variables);
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
 * limit each, so a count bound alone would let them hold hundreds of megabytes.
 */
const REFUSED = 'refused' as const;
type OnDemand = CompiledDocument | typeof REFUSED;
const onDemandCache = () =>
  new LRUCache<string, OnDemand>({
    maxSize: 8 * 1024 * 1024,
    sizeCalculation: (doc, key) => heapBytes(key, doc === REFUSED ? '' : doc.document),
  });

const hashOf = (p: Params) => documentHex(p.extensions?.persistedQuery?.sha256Hash ?? p.documentId);

export function compiledPath(deps: {
  schema: GraphQLSchema;
  handle: DbHandle;
  logger: Logger;
  documents: Iterable<string>;
  source: DocumentSource;
}) {
  const { schema } = deps;
  const docs = registerDocuments(schema, deps.documents);
  const run = statementRunner(deps.handle);
  const render = statementRenderer();
  const never = new WeakSet<CompiledDocument>();
  const onDemand = onDemandCache();
  const compileOnce = (key: string, text: string, limits: CompileLimits) => {
    const doc = compileDocument(schema, text, limits);
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
      doc = docs.byText.get(p.query);
      if (!doc && source.adHoc) {
        doc = known(p.query);
        if (doc === undefined) doc = compileOnce(p.query, p.query, source.limits);
      }
    } else {
      const hash = hashOf(p);
      if (!hash) return undefined;
      doc = docs.byHash.get(hash) ?? known(hash);
      if (doc === undefined && source.byHash) {
        const text = await source.byHash(hash);
        // Registered by a signed-in client and checked against the bounds then; the row estimate is per request.
        if (text !== undefined) doc = compileOnce(hash, text, source.limits);
      }
    }
    if (!doc || (p.operationName != null && p.operationName !== doc.operationName)) return undefined;
    return doc;
  }

  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'POST') || c.req.header('authorization') !== undefined) return next();
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
    try {
      const started = performance.now();
      const result = await runCompiled(deps.handle, doc, variables as Record<string, unknown>, run, render);
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
}
