// HSDS ids: a UUID per entry, derived (UUID v5, RFC 9562) from the entry's type and id, so nothing is stored for it.
import { createHash } from 'node:crypto';
import type { EntryType } from '../../../schema/editorial.ts';

/**
 * The profile's namespace: itself the v5 UUID of `urn:engagement-directory:hsds-profile` in the URL namespace.
 * Never change it: every id a consumer holds was derived from it.
 */
export const HSDS_NAMESPACE = 'a141c7ac-4da0-5d45-9b73-8d7e08f89f38';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** UUID v5: SHA-1 of the namespace's bytes and the name, with the version and variant bits set. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An entry's HSDS id: `<type>:<id>` (`organisation:12`) in the profile's namespace; the same for ever. */
export const hsdsId = (type: EntryType, id: number): string => uuidV5(HSDS_NAMESPACE, `${type}:${id}`);

/** The one taxonomy the profile publishes: the directory's topics. */
export const TOPICS_TAXONOMY_ID = uuidV5(HSDS_NAMESPACE, 'taxonomy:topics');

/** The attribute tagging an entry with a topic: one per (entry, topic) pair, stable as long as the tag is. */
export const attributeId = (type: EntryType, id: number, topicId: number): string =>
  uuidV5(HSDS_NAMESPACE, `attribute:${type}:${id}:topic:${topicId}`);

/**
 * Which of `ids` has the HSDS id `uuid` (null when none). A v5 UUID is a hash, so it cannot be read back:
 * the caller hands the published ids of one type (a few thousand at most), hashing each costs about a microsecond.
 */
export function findByHsdsId(type: EntryType, ids: readonly number[], uuid: string): number | null {
  return ids.find((id) => hsdsId(type, id) === uuid) ?? null;
}
