// Finds a document by its sha256: a fixed list first (the embeds'), then the documents clients registered.
import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { registeredDocuments } from '../../../schema/documents.ts';
import type { DbHandle } from '../../db.ts';
import { ENTRY_BYTES, textBytes } from '../heap-size.ts';
import { listenForRegistrations } from './notify.ts';

export interface DocumentRegistry {
  /** The document text for `hash` (hex, with or without a `sha256:` prefix), or undefined. */
  byHash(hash: string): Promise<string | undefined>;
}

export interface DocumentRegistryOptions {
  /** Documents known without asking the database (the embeds' own), by the hex of their hash. */
  fixed?: ReadonlyMap<string, string>;
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

type Held = { text: string } | { miss: true };

/** Hits (immutable: a hash names one text forever) and misses (short-lived) in an LRU bounded by bytes. */
export function createDocumentRegistry(handle: DbHandle, options: DocumentRegistryOptions = {}): DocumentRegistry {
  const fixed = options.fixed ?? new Map<string, string>();
  const missTtlMs = options.missTtlMs ?? 5_000;
  const held = new LRUCache<string, Held>({
    maxSize: options.maxBytes ?? 4 * 1024 * 1024,
    // Anonymous clients can send any number of made-up hashes, each a miss held here: the entry, its key and object count.
    sizeCalculation: (entry, hex) => ENTRY_BYTES + textBytes(hex) + 32 + ('text' in entry ? textBytes(entry.text) : 0),
  });
  const inFlight = new Map<string, Promise<string | undefined>>();
  // Bumped by every registration heard: a miss read before one arrived may be stale, so it is not kept.
  let heard = 0;
  const forgetMisses = () => {
    for (const [hex, entry] of held.entries()) if ('miss' in entry) held.delete(hex);
  };

  // Started before the first lookup, so a registration committed after a lookup's snapshot is always heard.
  let listening: Promise<unknown> | undefined;
  const listen = () =>
    (listening ??= listenForRegistrations(handle, {
      onRegistered: (hex) => {
        heard++;
        // Only a miss can be stale. A held text stays: a hash names one text forever, and the notice of a
        // registration may arrive after a lookup already found it.
        if (held.peek(hex) && 'miss' in held.peek(hex)!) held.delete(hex);
      },
      // After a reconnection notifications may have been missed: forget every miss.
      onListen: forgetMisses,
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
    if (row) held.set(hex, { text: row.document });
    else if (heard === heardBefore) held.set(hex, { miss: true }, { ttl: missTtlMs });
    return row?.document;
  }

  return {
    async byHash(hash) {
      const hex = documentHex(hash);
      if (hex === undefined) return undefined;
      const known = fixed.get(hex);
      if (known !== undefined) return known;
      const entry = held.get(hex);
      if (entry) return 'text' in entry ? entry.text : undefined;
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
