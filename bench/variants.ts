// How each operation is sent: to the raw-SQL route, or as a GraphQL request down one of the server's paths.
import type { Operation } from './operations.ts';

export interface Variant {
  name: string;
  request(op: Operation): { path: string; init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } };
  /** Why this variant does not apply to `op`, if it does not. */
  skip?(op: Operation): string | undefined;
  /** What this variant runs for `op`, where its name alone does not say. */
  about?(op: Operation): string | undefined;
}

/** As a client would send it: a persisted GET where the operation has one, else a JSON POST. */
const graphql = (op: Operation, headers: Record<string, string> = {}) =>
  op.persistedHash
    ? {
        path: `/graphql?documentId=sha256:${op.persistedHash}&variables=${encodeURIComponent(JSON.stringify(op.variables))}`,
        init: { method: 'GET' as const, headers: { accept: 'application/json', ...headers } },
      }
    : post('/graphql', op, headers);

/** A write's body is replaced per request (see run.ts); its headers carry the writer's token. */
const post = (path: string, op: Operation, headers: Record<string, string> = {}) => ({
  path,
  init: {
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers, ...op.write?.headers },
    body: JSON.stringify({ query: op.document, variables: op.variables }),
  },
});

const readsOnly = (reason: string) => (op: Operation) =>
  op.write ? reason : op.page ? 'skipped: a page, not a GraphQL request' : undefined;

/** A page as a browser asks for it; `x-bench-path: uncached` is the app built without the response cache. */
const page = (op: Operation, headers: Record<string, string> = {}) => ({
  path: op.page!.path,
  init: { method: 'GET' as const, headers: { accept: 'text/html', ...op.page!.headers, ...headers } },
});

/** Signed-in readers' tokens, when the run made them (bench/readers.ts). */
export interface ReaderTokens {
  partner?: string;
  host?: string;
}

export function variants(readers: ReaderTokens = {}): Variant[] {
  const signedIn = (name: string, token: string | undefined, what: string): Variant => ({
    name,
    request: (op) => graphql(op, { 'cache-control': 'no-cache', authorization: `Bearer ${token}` }),
    skip: (op) =>
      op.write
        ? 'skipped: a write is signed in in every variant'
        : op.page
          ? 'skipped: a page, not a GraphQL request'
          : token
            ? undefined
            : `skipped: no ${what} token in this run`,
  });
  return [
    {
      name: 'raw-sql',
      request: (op) => (op.write ? post(op.raw, op) : { path: op.raw, init: { method: 'GET', headers: { ...op.page?.headers } } }),
    },
    // no-cache: the response cache must not answer; x-bench-path picks the app built without the compiled path.
    {
      name: 'pothos',
      request: (op) => graphql(op, { 'cache-control': 'no-cache', 'x-bench-path': 'pothos' }),
      skip: (op) => (op.page ? 'skipped: a page, not a GraphQL request' : undefined),
    },
    // A page or feed from the app without a response cache: every GraphQL read under it runs its SQL.
    {
      name: 'page',
      request: (op) => page(op, { 'x-bench-path': 'uncached' }),
      skip: (op) => (op.page ? undefined : 'skipped: not a page'),
    },
    // A write: the production app's mutation path (Yoga's envelop without its HTTP layer); `pothos` is full Yoga.
    {
      name: 'compiled',
      request: (op) => graphql(op, { 'cache-control': 'no-cache' }),
      skip: (op) => (op.page ? 'skipped: a page, not a GraphQL request' : undefined),
      about: (op) =>
        op.write ? 'mutation path (src/graphql/mutation-path.ts): the same Pothos execution, without Yoga’s HTTP layer' : undefined,
    },
    // Documents the server was not given: compiled on first sight where the compiler can, else Pothos.
    {
      name: 'arbitrary',
      request: (op) => graphql(op, { 'cache-control': 'no-cache', 'x-bench-path': 'arbitrary' }),
      skip: readsOnly('skipped: a mutation is never compiled, registered or not'),
    },
    // Signed in: the compiled path, with the token remembered; a partner sees what anonymous readers see, a host drafts too.
    signedIn('signed-in', readers.partner, 'partner reader'),
    signedIn('signed-in-host', readers.host, 'host reader'),
    // The same request repeated: after the first, answered by the response cache.
    // For a page, the production app: the GraphQL reads under it answered from the response cache after the first.
    {
      name: 'cached',
      request: (op) => (op.page ? page(op) : graphql(op)),
      skip: (op) =>
        op.write
          ? 'skipped: the response cache never answers a write'
          : op.page?.signedIn
            ? 'skipped: nothing signed in is cached'
            : undefined,
    },
  ];
}
