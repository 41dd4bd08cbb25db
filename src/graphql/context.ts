// What every resolver receives: the database, configuration and who is asking.
import type { Config } from '../config.ts';
import type { Db, DbHandle } from '../db.ts';
import type { Viewer } from '../modules/access/viewer.ts';

export interface GraphQLContext {
  db: Db;
  handle: DbHandle;
  config: Config;
  viewer: Viewer | null;
  requestId: string;
}
