// What a delivery sends: the thin payload and its Standard Webhooks headers, signed with every live secret.
import { Webhook } from 'standardwebhooks';
import type { EntryType } from '../../../schema/editorial.ts';
import { globalIdOf, pageUrl, typenames } from '../following/change-feed.ts';
import { encodeCursor } from '../following/cursor.ts';

export interface OutboxMessage {
  messageId: string;
  eventType: string;
  entryType: EntryType;
  entryId: number;
  slug: string;
  cursor: number | null;
  occurredAt: string;
}

/**
 * Thin: enough to recognise the entry and fetch it, never its content (which the receiver reads with its own
 * rights). Built from stored columns alone, so every attempt sends the same bytes. A public change's `url` is
 * the public page; a submission's is the console page, as the entry may not be public.
 */
export function payloadOf(m: OutboxMessage, base: string): string {
  const submission = m.eventType.startsWith('submission.');
  return JSON.stringify({
    type: m.eventType,
    timestamp: new Date(m.occurredAt).toISOString(),
    data: {
      id: globalIdOf(m.entryType, m.entryId),
      type: typenames[m.entryType],
      slug: m.slug,
      url: submission ? `${base}/console/entries/${m.entryType}/${m.entryId}` : pageUrl(base, m.entryType, m.slug),
      cursor: m.cursor === null ? null : encodeCursor(m.cursor),
    },
  });
}

/**
 * The spec's headers. With a rotation in its grace period there are two secrets, and the signature header
 * carries one `v1,...` per secret, space separated: a receiver holding either verifies.
 */
export function signedHeaders(messageId: string, body: string, secrets: readonly string[], at = new Date()): Record<string, string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(messageId, at, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
