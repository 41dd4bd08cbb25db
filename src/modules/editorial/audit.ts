// The append-only audit log: one row per write, role or token change, and per refused action (and an entry's change notice with it).
import { auditLog } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { entryChangedNotice, type EntryChange } from '../catalogue/changes.ts';

export interface AuditEntry {
  action: string;
  outcome?: 'ok' | 'denied';
  actor?: { accountId: number; organisationId: number; tokenId?: number | null } | null;
  entryType?: string | null;
  entryId?: number | null;
  revisionId?: number | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/**
 * Pass the writing transaction so the audit row commits (or rolls back) with the change it records.
 * With `announce`, the same statement also sends the entry's change notice, as notifyEntryChanged
 * would (NOTIFY is delivered at commit either way): one round trip instead of two.
 */
export async function recordAudit(tx: Pick<Db, 'insert'>, entry: AuditEntry, announce?: EntryChange): Promise<void> {
  const insert = tx.insert(auditLog).values({
    action: entry.action,
    outcome: entry.outcome ?? 'ok',
    actorAccountId: entry.actor?.accountId ?? null,
    actorOrganisationId: entry.actor?.organisationId ?? null,
    tokenId: entry.actor?.tokenId ?? null,
    entryType: entry.entryType ?? null,
    entryId: entry.entryId ?? null,
    revisionId: entry.revisionId ?? null,
    details: entry.details ?? {},
    requestId: entry.requestId ?? null,
  });
  // RETURNING runs once per inserted row, and this inserts one.
  await (announce ? insert.returning({ announced: entryChangedNotice(announce) }) : insert);
}
