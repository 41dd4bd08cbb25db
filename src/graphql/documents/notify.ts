// Announces registered documents to every server process (NOTIFY), so none keeps answering "not found" for them.
import { sql } from 'drizzle-orm';
import { listen, type Db, type DbHandle } from '../../db.ts';

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

/** Starts listening; resolves, once it is in place, to the function that stops it. */
export function listenForRegistrations(handle: DbHandle, listener: RegistrationListener): Promise<() => Promise<void>> {
  return listen(
    handle,
    DOCUMENT_REGISTERED_CHANNEL,
    (payload) => listener.onRegistered(payload),
    () => listener.onListen(),
  );
}
