// Hears `entry_changed` notifications from every process writing to the database (LISTEN on PostgreSQL or PGlite).
import { listen, type DbHandle } from '../../db.ts';
import { ENTRY_CHANGED_CHANNEL, type EntryChange } from '../../modules/catalogue/changes.ts';

export interface EntryChangeListener {
  /** Each announced change, after its transaction committed. */
  onChange(change: EntryChange | null): void;
  /** Called when listening starts and after every reconnection, when notifications may have been missed. */
  onListen(): void;
  /** Called the moment the listening connection is lost: until `onListen`, changes go unheard. */
  onLost(): void;
}

function parse(payload: string): EntryChange | null {
  try {
    const change = JSON.parse(payload) as EntryChange;
    return typeof change?.type === 'string' && Number.isInteger(change.id) ? change : null;
  } catch {
    return null;
  }
}

/** Starts listening; resolves to the function that stops it. */
export function listenForEntryChanges(handle: DbHandle, listener: EntryChangeListener): Promise<() => Promise<void>> {
  return listen(
    handle,
    ENTRY_CHANGED_CHANNEL,
    (payload) => listener.onChange(parse(payload)),
    () => listener.onListen(),
    () => listener.onLost(),
  );
}
