// Announces registered documents to every server process (NOTIFY), so none keeps answering "not found" for them.
import { sql } from 'drizzle-orm';
import type { Db, DbHandle } from '../../db.ts';

export const DOCUMENT_REGISTERED_CHANNEL = 'document_registered';

/** Inside the registering transaction: heard only if it commits. The payload is the hex hash. */
export async function notifyDocumentRegistered(tx: Pick<Db, 'execute'>, hex: string): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${DOCUMENT_REGISTERED_CHANNEL}, ${hex})`);
}

export interface RegistrationListener {
  onRegistered(hex: string): void;
  /** When listening starts and after every reconnection, when notifications may have been missed. */
  onListen(): void;
}

/** Starts listening (postgres.js or PGlite, as src/modules/cache/listen.ts does); resolves once it is in place. */
export async function listenForRegistrations(handle: DbHandle, listener: RegistrationListener): Promise<void> {
  if (handle.postgres) {
    await handle.postgres.listen(DOCUMENT_REGISTERED_CHANNEL, (payload) => listener.onRegistered(payload), () => listener.onListen());
    return;
  }
  if (handle.pglite) {
    await handle.pglite.listen(DOCUMENT_REGISTERED_CHANNEL, (payload) => listener.onRegistered(payload));
    listener.onListen();
    return;
  }
  throw new Error('No database client to LISTEN on');
}
