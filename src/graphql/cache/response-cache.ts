// GraphQL response bodies in an lru-cache bounded in bytes, each remembered under the tags (entries, lists) it was built from.
import { LRUCache } from 'lru-cache';
import { type CacheSize, sizeOf } from '../heap-size.ts';

export interface CachedResponse {
  body: string;
  contentType: string;
  /** The body's HTTP validator, computed once when stored. */
  etag?: string;
}

interface Slot extends CachedResponse {
  tags: string[];
  bytes: number;
  storedAt: number;
}

/**
 * lru-cache does the eviction and the byte budget; what is ours is the tag index (which responses an entry
 * change touches) and the generation that keeps a response computed across an invalidation from being stored.
 */
export class ResponseCache {
  private readonly slots: LRUCache<string, Slot>;
  private readonly byTag = new Map<string, Set<string>>();
  /** Bumped by every invalidation, so a response computed across one is not stored stale. */
  generation = 0;

  private lastInvalidation = 0;

  /** `quietMs`: after an invalidation, store nothing for this long (replicas may still serve the old rows). */
  constructor(
    readonly maxBytes: number,
    readonly quietMs = 0,
  ) {
    this.slots = new LRUCache<string, Slot>({
      maxSize: maxBytes,
      sizeCalculation: (slot) => slot.bytes,
      // Whatever removes a slot (eviction, expiry, invalidation, replacement), its keys leave the tag index.
      dispose: (slot, key) => this.untag(key, slot.tags),
    });
  }

  get size(): number {
    return this.slots.size;
  }

  /** Entries and counted bytes, against the budget. */
  usage(): CacheSize {
    return sizeOf(this.slots);
  }

  /** The response stored under `key`, unless it is older than `maxAgeMs`. */
  get(key: string, maxAgeMs = Infinity): CachedResponse | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    // The age bound is the caller's, per read, so it is checked here rather than as lru-cache's ttl.
    if (Date.now() - slot.storedAt >= maxAgeMs) {
      this.slots.delete(key);
      return undefined;
    }
    return slot;
  }

  /** Stores a response unless an invalidation ran since `startedAt` (the generation it began in). */
  set(key: string, value: CachedResponse, tags: Iterable<string>, startedAt: number): boolean {
    if (startedAt !== this.generation) return false;
    if (this.quietMs && Date.now() - this.lastInvalidation < this.quietMs) return false;
    // JavaScript strings take up to two bytes a character, and each slot its tags, sets and map entries (measured
    // at about 1.7 times the text alone): count what the heap really holds, not the characters.
    const list = [...tags];
    const bytes = 2 * (key.length + value.body.length + (value.etag?.length ?? 0)) + 256 + 96 * list.length;
    if (bytes > this.maxBytes / 4) return false;
    this.slots.set(key, { ...value, tags: list, bytes, storedAt: Date.now() });
    for (const tag of list) {
      let keys = this.byTag.get(tag);
      if (!keys) {
        keys = new Set();
        this.byTag.set(tag, keys);
      }
      keys.add(key);
    }
    return true;
  }

  /** Drops every response carrying any of the tags; returns how many went. */
  invalidate(tags: Iterable<string>): number {
    this.generation++;
    this.lastInvalidation = Date.now();
    let dropped = 0;
    for (const tag of tags) {
      for (const key of [...(this.byTag.get(tag) ?? [])]) dropped += this.slots.delete(key) ? 1 : 0;
    }
    return dropped;
  }

  clear(): void {
    this.generation++;
    this.slots.clear();
    this.byTag.clear();
  }

  private untag(key: string, tags: string[]): void {
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
