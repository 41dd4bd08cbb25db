// The webhook outbox, written beside the change log: a delivery per matching endpoint, in the transaction of the change it announces.
import { sql } from 'drizzle-orm';
import type { ChangeAction } from '../../../schema/changes.ts';
import type { EntryType } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { publicEventType, submissionEvents } from './webhook-events.ts';

type Tx = Pick<Db, 'execute'>;

interface Announced {
  type: EntryType;
  id: number;
  slug: string;
}

/**
 * One INSERT ... SELECT for any number of entries: nothing is read back into the application, and a rolled-back
 * change leaves no delivery. Host organisations' endpoints hear of every entry; anyone else's only of entries their
 * organisation maintains (the same fact `decide` uses for editing), so a partner never learns of another's submissions.
 */
async function enqueue(tx: Tx, eventType: string, entries: readonly Announced[], cursor: number | null): Promise<void> {
  if (!entries.length) return;
  await tx.execute(sql`
    INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, entry_type, entry_id, slug, cursor)
    SELECT e.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ${eventType}, x.type, x.id, x.slug, ${cursor}::bigint
    FROM jsonb_to_recordset(${JSON.stringify(entries)}::text::jsonb) AS x(type text, id integer, slug text)
    JOIN webhook_endpoints e ON e.disabled_at IS NULL AND ${eventType} = ANY (e.event_types)
    WHERE EXISTS (SELECT 1 FROM secretariat_hosts h WHERE h.organisation_id = e.organisation_id)
      OR EXISTS (SELECT 1 FROM entry_maintainers m
                 WHERE m.entry_type = x.type AND m.entry_id = x.id AND m.organisation_id = e.organisation_id)`);
}

/** A change to the public view, with the change-log cursor it was given. */
export function enqueuePublicEvent(tx: Tx, entry: Announced, action: ChangeAction, cursor: number): Promise<void> {
  return enqueue(tx, publicEventType(entry.type, action), [entry], cursor);
}

/** A workflow step (`entry.submit`, `entry.approve`, ...) of some entries, when it is one a submission event announces. */
export async function enqueueSubmissionEvent(tx: Tx, auditAction: string, entries: Announced | readonly Announced[]): Promise<void> {
  const step = auditAction.replace(/^entry\./, '');
  const eventType = (submissionEvents as Record<string, string>)[step];
  if (eventType) await enqueue(tx, eventType, Array.isArray(entries) ? entries : [entries as Announced], null);
}
