// The compiled path: an anonymous request for a registered document runs its one compiled statement, without GraphQL execution.
import { createHash } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createMiddleware } from 'hono/factory';
import type { DbHandle } from '../../db.ts';
import type { Logger } from '../../log.ts';
import { addTags } from '../../modules/cache/tags.ts';
import { schema } from '../schema.ts';
import { compileDocument, NotCompilable, type CompiledDocument } from './compile.ts';

const dialect = new PgDialect();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface CompiledDocuments {
  byText: Map<string, CompiledDocument>;
  byHash: Map<string, CompiledDocument>;
}

/** Compiles each document once; those needing the Pothos path are left out. */
export function registerDocuments(documents: Iterable<string>): CompiledDocuments {
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

/** Runs a statement that returns one `body` text, prepared (PostgreSQL) so it is planned once per connection. */
export function statementRunner(handle: DbHandle): (text: string, params: unknown[]) => Promise<string> {
  if (handle.postgres) {
    // Only anonymous reads come here: a replica answers them when there are any.
    const clients = handle.replicas.length ? handle.replicas : [handle.postgres];
    const counter = handle.replicas.length ? handle.replicaStatements : { count: 0 };
    return async (text, params) => {
      counter.count++;
      const client = clients[Math.floor(Math.random() * clients.length)]!;
      return ((await client.unsafe(text, params as never[], { prepare: true })) as unknown as { body: string }[])[0]!.body;
    };
  }
  const pg = handle.pglite!;
  return async (text, params) => (await pg.query<{ body: string }>(text, params)).rows[0]!.body;
}

/** The response body for a registered document and its variables; throws where Pothos must answer. */
export async function runCompiled(handle: DbHandle, compiled: CompiledDocument, variables: Record<string, unknown> | null | undefined, run = statementRunner(handle)) {
  const { statement, tags } = compiled.render(variables);
  const query = dialect.sqlToQuery(statement);
  handle.statements.count++;
  return { body: await run(query.sql, query.params), tags };
}

interface Params {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

function find(docs: CompiledDocuments, p: Params): CompiledDocument | undefined {
  const hash = p.extensions?.persistedQuery?.sha256Hash ?? (typeof p.documentId === 'string' ? p.documentId.replace(/^sha256:/, '') : undefined);
  const doc = typeof p.query === 'string' ? docs.byText.get(p.query) : typeof hash === 'string' ? docs.byHash.get(hash) : undefined;
  if (!doc || (p.operationName != null && p.operationName !== doc.operationName)) return undefined;
  return doc;
}

export function compiledPath(deps: { handle: DbHandle; logger: Logger; documents: Iterable<string> }) {
  const docs = registerDocuments(deps.documents);
  const run = statementRunner(deps.handle);
  const never = new WeakSet<CompiledDocument>();
  return createMiddleware(async (c, next) => {
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'POST') || c.req.header('authorization') !== undefined) return next();
    let params: Params;
    let variables: unknown;
    let body: string | undefined;
    // Should this request go on to Yoga after its body was read here, it needs a body it can still read.
    const onward = () => {
      if (body !== undefined && c.req.raw.bodyUsed) c.req.raw = new Request(c.req.raw.url, { method, headers: c.req.raw.headers, body });
      return next();
    };
    try {
      if (method === 'GET') {
        const url = new URL(c.req.url);
        params = { query: url.searchParams.get('query') ?? undefined, documentId: url.searchParams.get('documentId') ?? undefined, operationName: url.searchParams.get('operationName') ?? undefined };
        const raw = url.searchParams.get('variables');
        variables = raw ? JSON.parse(raw) : undefined;
        const ext = url.searchParams.get('extensions');
        if (ext) params.extensions = JSON.parse(ext);
      } else {
        if (!c.req.header('content-type')?.includes('application/json')) return next();
        body = await c.req.text();
        params = JSON.parse(body) as Params;
        variables = params.variables;
      }
    } catch {
      return onward();
    }
    const doc = find(docs, params);
    if (!doc || never.has(doc) || (variables != null && typeof variables !== 'object')) return onward();
    try {
      const result = await runCompiled(deps.handle, doc, variables as Record<string, unknown>, run);
      addTags(c.req.raw, result.tags);
      const graphqlJson = c.req.header('accept')?.includes('application/graphql-response+json');
      return c.body(result.body, 200, { 'content-type': `${graphqlJson ? 'application/graphql-response+json' : 'application/json'}; charset=utf-8` });
    } catch (err) {
      if (err instanceof NotCompilable && err.structural) never.add(doc);
      // Invalid input (a bad slug, a page size out of range) gets its typed error from the Pothos path.
      if (!(err instanceof NotCompilable) && !(err as { code?: string }).code) deps.logger.warn('compiled path failed; using Pothos', { error: String(err) });
      return onward();
    }
  });
}
