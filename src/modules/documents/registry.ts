// Finds a document by its sha256: the embeds' fixed list first, then the documents clients registered.
import { eq } from 'drizzle-orm';
import { registeredDocuments } from '../../../schema/documents.ts';
import type { DbHandle } from '../../db.ts';
import { persistedDocuments } from '../embed/documents.ts';
import { listenForRegistrations } from './notify.ts';

export interface DocumentRegistry {
  /** The document text for `hash` (hex, with or without a `sha256:` prefix), or undefined. */
  byHash(hash: string): Promise<string | undefined>;
}

export interface DocumentRegistryOptions {
  /** Bound on the texts and misses held in memory (least recently used go first). */
  maxBytes?: number;
  /**
   * How long a miss is remembered. Registrations anywhere are announced over LISTEN/NOTIFY and drop the
   * miss at once; this bounds it should a notification be lost.
   */
  missTtlMs?: number;
}

/** The hex of a document id (`sha256:<hex>`, or the bare hex Apollo's extension sends), if it is one. */
export function documentHex(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const hex = id.startsWith('sha256:') ? id.slice(7) : id;
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** A bounded LRU of hits (immutable: a hash names one text forever) and misses (short-lived). */
export function createDocumentRegistry(handle: DbHandle, options: DocumentRegistryOptions = {}): DocumentRegistry {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const missTtlMs = options.missTtlMs ?? 5_000;
  const held = new Map<string, { text: string } | { missUntil: number }>();
  const inFlight = new Map<string, Promise<string | undefined>>();
  let bytes = 0;
  // Bumped by every registration heard: a miss read before one arrived may be stale, so it is not kept.
  let heard = 0;
  const sizeOf = (hex: string, entry: { text: string } | { missUntil: number }) => 64 + hex.length + ('text' in entry ? entry.text.length * 2 : 8);

  const drop = (hex: string) => {
    const entry = held.get(hex);
    if (!entry) return;
    held.delete(hex);
    bytes -= sizeOf(hex, entry);
  };
  const hold = (hex: string, entry: { text: string } | { missUntil: number }) => {
    drop(hex);
    held.set(hex, entry);
    bytes += sizeOf(hex, entry);
    for (const oldest of held.keys()) {
      if (bytes <= maxBytes) break;
      drop(oldest);
    }
  };

  // Started before the first lookup, so a registration committed after a lookup's snapshot is always heard.
  let listening: Promise<unknown> | undefined;
  const listen = () =>
    (listening ??= listenForRegistrations(handle, {
      onRegistered: (hex) => {
        heard++;
        // Only a miss can be stale. A held text stays: a hash names one text forever, and the notice of a
        // registration may arrive after a lookup already found it.
        const entry = held.get(hex);
        if (entry && 'missUntil' in entry) drop(hex);
      },
      // After a reconnection notifications may have been missed: forget every miss.
      onListen: () => {
        for (const [hex, entry] of held) if ('missUntil' in entry) drop(hex);
      },
    }).catch(() => {
      // Without LISTEN, misses still expire after missTtlMs.
    }));

  async function load(hex: string): Promise<string | undefined> {
    await listen();
    const heardBefore = heard;
    const [row] = await handle.db
      .select({ document: registeredDocuments.document })
      .from(registeredDocuments)
      .where(eq(registeredDocuments.id, `sha256:${hex}`))
      .limit(1);
    if (row) hold(hex, { text: row.document });
    else if (heard === heardBefore) hold(hex, { missUntil: Date.now() + missTtlMs });
    return row?.document;
  }

  return {
    async byHash(hash) {
      const hex = documentHex(hash);
      if (hex === undefined) return undefined;
      const fixed = persistedDocuments.get(hex);
      if (fixed !== undefined) return fixed;
      const entry = held.get(hex);
      if (entry && 'text' in entry) {
        held.delete(hex);
        held.set(hex, entry);
        return entry.text;
      }
      if (entry && entry.missUntil > Date.now()) return undefined;
      // Concurrent requests for one new hash share one query.
      let pending = inFlight.get(hex);
      if (!pending) {
        pending = load(hex).finally(() => inFlight.delete(hex));
        inFlight.set(hex, pending);
      }
      return pending;
    },
  };
}
