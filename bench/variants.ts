// How each operation is sent: to the raw-SQL route, or as a GraphQL request down one of the server's paths.
import type { Operation } from './operations.ts';

export interface Variant {
  name: string;
  request(op: Operation): { path: string; init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } };
}

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
    // no-cache: a response cache, where there is one, must answer from the database.
    { name: 'graphql', request: (op) => post(op, { 'cache-control': 'no-cache' }) },
  ];
}
