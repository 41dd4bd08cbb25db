// Reading the audit log, newest first, for host admins.
import { desc, lt } from 'drizzle-orm';
import { auditLog } from '../../../schema/editorial.ts';
import { assertCanReadAudit } from './history.ts';
import type { AccessContext } from '../access/transaction.ts';

export async function listAuditEvents(o: AccessContext & { first: number; beforeId?: number | null }) {
  await assertCanReadAudit(o);
  return o.db
    .select()
    .from(auditLog)
    .where(o.beforeId ? lt(auditLog.id, o.beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(o.first);
}
