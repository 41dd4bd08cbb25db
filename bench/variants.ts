// How each operation is sent: to the raw-SQL route, or as a GraphQL request down one of the server's paths.
import type { Operation } from './operations.ts';

export interface Variant {
  name: string;
  request(op: Operation): { path: string; init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } };
}

/** As a client would send it: a persisted GET where the operation has one, else a JSON POST. */
const graphql = (op: Operation, headers: Record<string, string> = {}) =>
  op.persistedHash
    ? {
        path: `/graphql?documentId=sha256:${op.persistedHash}&variables=${encodeURIComponent(JSON.stringify(op.variables))}`,
        init: { method: 'GET' as const, headers: { accept: 'application/json', ...headers } },
      }
    : post(op, headers);

const post = (op: Operation, headers: Record<string, string> = {}) => ({
  path: '/graphql',
  init: {
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: op.document, variables: op.variables }),
  },
});

export function variants(): Variant[] {
  return [
    { name: 'raw-sql', request: (op) => ({ path: op.raw, init: { method: 'GET' } }) },
    // no-cache: the response cache must not answer; x-bench-path picks the app built without the compiled path.
    { name: 'pothos', request: (op) => graphql(op, { 'cache-control': 'no-cache', 'x-bench-path': 'pothos' }) },
    { name: 'compiled', request: (op) => graphql(op, { 'cache-control': 'no-cache' }) },
    // The same request repeated: after the first, answered by the response cache.
    { name: 'cached', request: (op) => graphql(op) },
  ];
}
