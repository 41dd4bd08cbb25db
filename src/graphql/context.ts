// What every resolver receives: the database, configuration and who is asking.
import type { Config } from '../config.ts';
import type { Db, DbHandle } from '../db.ts';
import type { Viewer } from '../modules/access/viewer.ts';
import type { Notifier } from '../modules/editorial/notifications.ts';
import type { DocumentNode, GraphQLError } from 'graphql';

/**
 * Yoga's own parse and validation (its parser cache, graphql-js's rules, armor's token, depth, alias and directive
 * bounds, our error codes), from `yoga.getEnveloped()`: the document as Yoga would accept it, or why not.
 */
export type VetDocument = (
  text: string,
) => { document: DocumentNode; errors: readonly GraphQLError[] } | { document: null; errors: readonly GraphQLError[] };

/** What the HTTP layer hands Yoga with each request. */
export interface ServerContext {
  viewer: Viewer | null;
  requestId: string;
}

export interface GraphQLContext {
  db: Db;
  handle: DbHandle;
  config: Config;
  viewer: Viewer | null;
  requestId: string;
  /** Yoga's parse and validation, for documents checked outside a request's own (registering one). */
  vetDocument: VetDocument;
  /** Review notices by email, sent after a workflow write commits (absent: none are sent). */
  notify?: Notifier | undefined;
}
