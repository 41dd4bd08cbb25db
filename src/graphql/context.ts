// What every resolver receives: the database, configuration and who is asking.
import type { Config } from '../config.ts';
import type { Db, DbHandle } from '../db.ts';

export const tokenScopes = ['read_drafts', 'write_entries', 'review', 'manage_members'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** An authenticated caller: the account behind a valid API token. */
export interface Viewer {
  accountId: number;
  organisationId: number;
  tokenId: number;
  scopes: ReadonlySet<TokenScope>;
}

export interface GraphQLContext {
  db: Db;
  handle: DbHandle;
  config: Config;
  viewer: Viewer | null;
  requestId: string;
}
