// GraphQL over HTTP as a client sends it: a POST, a GET by text or by a document's hash, and Relay global ids.
import { createHash } from 'node:crypto';
import type { TestApp } from './app.ts';

/** Anything requests can be sent to: a test app's `app`, or one made with createApp. */
export type Requester = { request: TestApp['app']['request'] };

/** The Accept header TestApp.graphql sends: plain JSON answers (200 with errors), not application/graphql-response+json. */
export const acceptJson: Record<string, string> = { accept: 'application/json' };

/** The fields of a POST body: `query` and `variables`, and anything else a test wants in it. */
export type GraphQLBody = { query: string; variables?: object; [field: string]: unknown };

/** POSTs `body` as JSON to /graphql. Only the content type is set; `headers` add to it (Accept included: none unless given). */
export function postGraphQL(app: Requester, body: GraphQLBody, headers: Record<string, string> = {}) {
  return app.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A GET to /graphql: the text, a registered id (`sha256:<hex>`) or Apollo's persistedQuery hash (bare hex), and any variables. */
export type GraphQLGet = ({ query: string } | { documentId: string } | { sha256Hash: string }) & { variables?: Record<string, unknown> };

/** The path and query string of a GET to /graphql: the document first, then `variables` as JSON when given. */
export function graphqlPath(get: GraphQLGet): string {
  const document =
    'query' in get
      ? `query=${encodeURIComponent(get.query)}`
      : 'documentId' in get
        ? `documentId=${get.documentId}`
        : `extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: get.sha256Hash } }))}`;
  return `/graphql?${document}${get.variables ? `&variables=${encodeURIComponent(JSON.stringify(get.variables))}` : ''}`;
}

/** GETs /graphql asking for JSON; `headers` add to (or replace) the Accept header. */
export function getGraphQL(app: Requester, get: GraphQLGet, headers: Record<string, string> = {}) {
  return app.request(graphqlPath(get), { headers: { ...acceptJson, ...headers } });
}

/** The SHA-256 of a document's text in hex: its persistedQuery hash, and its id after `sha256:`. */
export const documentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A Relay global id as a client builds it: base64 of `Type:id`. */
export const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');

/** The database id inside a Relay global id. */
export const idOf = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);
