// How each operation is sent: to the raw-SQL route, or as a GraphQL request down one of the server's paths.
import type { Operation } from './operations.ts';

export interface Variant {
  name: string;
  request(op: Operation): { path: string; init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } };
  /** Why this variant does not apply to `op`, if it does not. */
  skip?(op: Operation): string | undefined;
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

const readsOnly = (reason: string) => (op: Operation) => (op.write ? reason : undefined);

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
      op.write ? 'skipped: a write is signed in in every variant' : token ? undefined : `skipped: no ${what} token in this run`,
  });
  return [
    { name: 'raw-sql', request: (op) => (op.write ? post(op.raw, op) : { path: op.raw, init: { method: 'GET' } }) },
    // no-cache: the response cache must not answer; x-bench-path picks the app built without the compiled path.
    { name: 'pothos', request: (op) => graphql(op, { 'cache-control': 'no-cache', 'x-bench-path': 'pothos' }) },
    {
      name: 'compiled',
      request: (op) => graphql(op, { 'cache-control': 'no-cache' }),
      skip: readsOnly('skipped: the compiled path serves anonymous reads; a mutation always runs on Pothos'),
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
    { name: 'cached', request: (op) => graphql(op), skip: readsOnly('skipped: the response cache never answers a write') },
  ];
}
