// The mutation path: a signed-in JSON POST of a mutation runs through Yoga's own envelop (parse and validation caches,
// armor, limits, error masking, the token cache's forgetting) and its result processor, without Yoga's HTTP layer.
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import { createMiddleware } from 'hono/factory';
import { type TokenVerifier, viewerOf } from '../http/auth.ts';
import { handBodyOn } from '../http/body.ts';
import type { AppEnv } from '../http/request-context.ts';
import type { Viewer } from '../modules/access/viewer.ts';
import type { GraphQLContext, ServerContext } from './context.ts';

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** Only the plain shape: anything else (extensions, a batch, a documentId) is Yoga's to answer or refuse. */
function plainParams(body: unknown): body is Params {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { query, variables, operationName, ...rest } = body as Record<string, unknown>;
  return (
    typeof query === 'string' &&
    Object.keys(rest).length === 0 &&
    (variables == null || (typeof variables === 'object' && !Array.isArray(variables))) &&
    (operationName == null || typeof operationName === 'string')
  );
}

/** The two media types Yoga's regular result processor answers with; any other Accept header goes to Yoga. */
const answered = new Set(['application/json', 'application/graphql-response+json']);

/**
 * Falls through to Yoga wherever it could answer differently: anonymous callers, a token refused, a document that
 * does not parse or validate or is not a mutation, variables that do not coerce (no `data`: nothing ran), or a
 * limit refused before execution. Once a mutation has run, its result is answered here, as Yoga would.
 */
export function mutationPath(deps: { yoga: YogaServerInstance<ServerContext, GraphQLContext>; verifyToken?: TokenVerifier | undefined }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const accept = c.req.header('accept')?.trim().toLowerCase();
    if (c.req.method !== 'POST' || !deps.verifyToken || c.req.header('authorization') === undefined || !accept || !answered.has(accept))
      return next();
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) return next();
    const onward = async () => {
      await handBodyOn(c);
      return next();
    };
    let params: unknown;
    let viewer: Viewer | null;
    try {
      params = JSON.parse(await c.req.text());
      viewer = await viewerOf(c, deps.verifyToken);
    } catch {
      return onward();
    }
    if (!plainParams(params)) return onward();
    const requestId = c.get('requestId');
    const { parse, validate, contextFactory, execute, schema } = deps.yoga.getEnveloped({ request: c.req.raw, params, viewer, requestId });
    let document: DocumentNode;
    try {
      document = parse(params.query);
    } catch {
      return onward();
    }
    if (getOperationAST(document, params.operationName)?.operation !== 'mutation' || validate(schema, document).length) return onward();
    let result: ExecutionResult;
    const started = performance.now();
    try {
      result = await execute({
        schema,
        document,
        variableValues: params.variables,
        operationName: params.operationName,
        contextValue: await contextFactory(),
      });
    } catch (err) {
      // A limit's refusal is thrown before execution starts: Yoga refuses it again, with its status.
      if (err instanceof GraphQLError) return onward();
      throw err;
    }
    if (!('data' in result)) return onward();
    const res = processRegularResult(result, { Response } as never, accept);
    // As the compiled path does: which path answered (devtools, tests), and how long execution took.
    res.headers.set('Server-Timing', `mutation;dur=${(performance.now() - started).toFixed(1)}`);
    return res;
  });
}
