// The append-only audit log: one row per write, role or token change, and per refused action.
import { auditLog } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';

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

/** The row as drizzle inserts it: for a write that sends more in the same statement (catalogue/changes.ts recordEntryChange). */
export function auditValues(entry: AuditEntry) {
  return {
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
  } as const;
}

/** Pass the writing transaction so the audit row commits (or rolls back) with the change it records. */
export async function recordAudit(tx: Pick<Db, 'insert'>, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditValues(entry));
}
