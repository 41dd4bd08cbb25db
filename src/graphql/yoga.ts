// graphql-yoga, built once per app: limits, error masking and the per-request context.
import { databaseCauseOf, isDatabaseUnavailable } from '../db.ts';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { PothosValidationError } from '@pothos/core';
import { getOperationAST, GraphQLError, Kind, type GraphQLSchema, type ValidationContext } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { bytesIn, type Config } from '../config.ts';
import type { Db, DbHandle } from '../db.ts';
import { AppError, toGraphQLError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { GraphQLContext, ServerContext, VetDocument } from './context.ts';
import type { Notifier } from '../modules/editorial/notifications.ts';
import { vetWith } from './documents/check-document.ts';
import { renderLocalGraphiQL } from './graphiql/assets.ts';
import { persistedOperations } from './documents/persisted-operations.ts';
import type { DocumentRegistry } from './documents/registry.ts';
import { pageAndCostLimits } from './limits.ts';
import type { CacheSize } from './heap-size.ts';
import { createParseCache } from './parse-cache.ts';

/** graphql-armor's bound on a document's tokens. */
const GRAPHQL_MAX_TOKENS = 2000;

/** Keep our own errors and GraphQL's validation errors; mask everything else with the request id. */
function maskError(error: unknown, requestId: string | undefined, logger: Logger): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (original instanceof AppError) return toGraphQLError(original, path);
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, { path, extensions: { code: 'INVALID_INPUT' } });
  }
  if (isOutOfRange(original)) {
    // An id or number beyond what its column holds (a 64-bit id where the column is 32-bit): the caller's input.
    return new GraphQLError('A number in this request is out of range.', { path, extensions: { code: 'INVALID_INPUT' } });
  }
  if (isNulInText(original)) {
    // Fields check their own text and name themselves; this is the net under any that do not.
    return new GraphQLError('Text in this request contains a NUL character, which no field accepts.', {
      path,
      extensions: { code: 'INVALID_INPUT' },
    });
  }
  if (original instanceof GraphQLError && !original.originalError) return withCode(original);
  if (error instanceof GraphQLError && !error.originalError) return withCode(error);
  if (isDatabaseUnavailable(original)) {
    logger.warn('database unavailable', { requestId, cause: databaseCauseOf(original) ?? String(original) });
    return new GraphQLError('The database is not answering just now. Please retry in a moment.', {
      path,
      extensions: { code: 'UNAVAILABLE', retryAfterSeconds: 2 },
    });
  }
  logger.error('unexpected error', {
    requestId,
    error: original instanceof Error ? (original.stack ?? original.message) : String(original),
    cause: databaseCauseOf(original),
  });
  return new GraphQLError(`Unexpected error (request ${requestId ?? 'unknown'}).`, { path, extensions: { code: 'INTERNAL', requestId } });
}

/** SQLSTATE 22003 (numeric value out of range), wrapped in drizzle's query error. */
function isOutOfRange(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === '22003' || (error as { code?: string } | undefined)?.code === '22003';
}

/** PostgreSQL refuses NUL in text with SQLSTATE 22021, wrapped in drizzle's query error. */
function isNulInText(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === '22021' || (error as { code?: string } | undefined)?.code === '22021';
}

/**
 * GraphQL's own errors that carry no code: without a path they come from coercing the request's
 * variables (a bad enum value, a missing required variable), which is the caller's input.
 */
function withCode(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  const code = error.path ? 'INTERNAL' : 'INVALID_INPUT';
  return new GraphQLError(error.message, { nodes: error.nodes, path: error.path, extensions: { ...error.extensions, code } });
}

/** graphql-armor's rejections, reported as validation errors with our code instead of thrown bare. */
const reportTooComplex = {
  propagateOnRejection: false,
  onReject: [
    (ctx: ValidationContext | null, err: GraphQLError) =>
      ctx?.reportError(new GraphQLError(err.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_TOO_COMPLEX' } })),
  ],
};

/** Give every other validation failure (unknown field, bad enum value, ...) a code. */
const validationErrorCodes: Plugin = {
  onValidate:
    () =>
    ({ result, setResult }) => {
      if (!result.length) return;
      setResult(
        result.map((e) =>
          e.extensions?.code
            ? e
            : new GraphQLError(e.message.replace(/^Syntax Error: /, ''), {
                nodes: e.nodes,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
        ),
      );
    },
};

/** graphql-armor's bounds on every request; registering a document and the compiled path apply the same (through `vet`). */
export function armorOptions(config: Config) {
  return {
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, ignoreIntrospection: true, ...reportTooComplex },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES, ...reportTooComplex },
    maxDirectives: { n: 20, ...reportTooComplex },
    maxTokens: { n: GRAPHQL_MAX_TOKENS },
    // Cost is bounded by pageAndCostLimits, which knows page sizes; armor's static count does not.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  };
}

export interface GraphQLServerDeps {
  schema: GraphQLSchema;
  handle: DbHandle;
  config: Config;
  logger: Logger;
  documents: DocumentRegistry;
  /** Where anonymous queries read (a replica when there are any): decided once, in createApp. */
  readDb: () => Db;
  notify?: Notifier | undefined;
  /** After every mutation, before its answer leaves, with its root fields' names: the token cache forgets (see app.ts). */
  afterMutation?: ((rootFields: string[]) => void) | undefined;
}

/** Yoga, and `vet`: its own parse and validation for documents that are registered or compiled without it. */
export function createGraphQLServer(deps: GraphQLServerDeps): {
  yoga: ReturnType<typeof createYoga<ServerContext, GraphQLContext>>;
  vet: VetDocument;
  /** What Yoga's parse and validation cache holds, against CACHE_DOCUMENTS_MB. */
  parseCacheSize: () => CacheSize;
} {
  const { handle, config, logger, schema, readDb } = deps;
  const vet: VetDocument = vetWith(() => yoga.getEnveloped({}));
  const parseCache = createParseCache(bytesIn(config.CACHE_DOCUMENTS_MB));
  const yoga = createYoga<ServerContext, GraphQLContext>({
    schema,
    parserAndValidationCache: parseCache.yogaOptions,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Yoga's default CORS reflects any Origin with credentials; src/http/public-cors.ts decides instead.
    cors: false,
    logging: false,
    // From this server, not a CDN: works offline and under a CSP of 'self' (see graphiql/assets.ts).
    renderGraphiQL: renderLocalGraphiQL,
    graphiql: {
      title: 'Engagement Directory GraphQL API',
      defaultQuery: '{\n  organisations(first: 10) {\n    totalCount\n    nodes { name kind caseStudies { nodes { title } } }\n  }\n}\n',
    },
    context: ({ viewer, requestId }) => ({ db: handle.db, handle, config, viewer, requestId, vetDocument: vet, notify: deps.notify }),
    // Masked in our own plugin below, which knows the request id to put in the message and log.
    maskedErrors: false,
    plugins: [
      persistedOperations(deps.documents),
      {
        onExecute: ({ args }) => ({
          onExecuteDone: ({ result, setResult }) => {
            if (!('errors' in result) || !result.errors?.length) return;
            const requestId = (args.contextValue as GraphQLContext).requestId;
            setResult({ ...result, errors: result.errors.map((e) => maskError(e, requestId, logger) as GraphQLError) });
          },
        }),
      } satisfies Plugin<GraphQLContext>,
      EnvelopArmorPlugin(armorOptions(config)),
      // Anonymous queries read from a replica, if any; writes and signed-in reads (their own edits) stay on the primary.
      {
        onExecute: ({ args, extendContext }) => {
          const operation = getOperationAST(args.document, args.operationName);
          if (!(args.contextValue as GraphQLContext).viewer && operation?.operation === 'query') extendContext({ db: readDb() });
          // Its transaction has committed by the time execution is done: a revoked token is refused from the next request.
          const afterMutation = deps.afterMutation;
          if (afterMutation && operation?.operation === 'mutation') {
            // Fragments at the root are rare; named as '…', they count as a mutation that may change anything.
            const fields = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…'));
            return { onExecuteDone: () => afterMutation(fields) };
          }
        },
      } satisfies Plugin<GraphQLContext>,
      pageAndCostLimits({ maxRows: config.GRAPHQL_MAX_COST }),
      validationErrorCodes,
      parseCache.accountValidation,
    ],
  });
  return { yoga, vet, parseCacheSize: parseCache.size };
}
