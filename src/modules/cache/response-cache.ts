// An in-memory LRU of GraphQL response bodies, bounded in bytes, each remembered under the tags (entries, lists) it was built from.
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

export class ResponseCache {
  /** Map order is recency: the first key is the least recently used. */
  private readonly slots = new Map<string, Slot>();
  private readonly byTag = new Map<string, Set<string>>();
  private bytes = 0;
  /** Bumped by every invalidation, so a response computed across one is not stored stale. */
  generation = 0;

  private lastInvalidation = 0;

  /** `quietMs`: after an invalidation, store nothing for this long (replicas may still serve the old rows). */
  constructor(readonly maxBytes: number, readonly quietMs = 0) {}

  get size(): number {
    return this.slots.size;
  }

  /** The response stored under `key`, unless it is older than `maxAgeMs`. */
  get(key: string, maxAgeMs = Infinity): CachedResponse | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (Date.now() - slot.storedAt >= maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
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
    this.delete(key);
    const slot = { ...value, tags: list, bytes, storedAt: Date.now() };
    this.slots.set(key, slot);
    this.bytes += bytes;
    for (const tag of slot.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    for (const oldest of this.slots.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
    return true;
  }

  /** Drops every response carrying any of the tags; returns how many went. */
  invalidate(tags: Iterable<string>): number {
    this.generation++;
    this.lastInvalidation = Date.now();
    let dropped = 0;
    for (const tag of tags) {
      for (const key of this.byTag.get(tag) ?? []) dropped += this.delete(key) ? 1 : 0;
    }
    return dropped;
  }

  clear(): void {
    this.generation++;
    this.slots.clear();
    this.byTag.clear();
    this.bytes = 0;
  }

  private delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.slots.delete(key);
    this.bytes -= slot.bytes;
    for (const tag of slot.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }
}
