// Reading the audit log, newest first, for host admins: each event with its actor's email and organisation named.
import { desc, eq, getColumns, lt } from 'drizzle-orm';
import { accounts, auditLog } from '../../../schema/editorial.ts';
import { organisations } from '../../../schema/organisations.ts';
import { assertCanReadAudit } from './history.ts';
import type { AccessContext } from '../access/transaction.ts';

export type AuditEventRow = typeof auditLog.$inferSelect & {
  actorEmail: string | null;
  actorOrganisation: { slug: string; name: string } | null;
};

export async function listAuditEvents(o: AccessContext & { first: number; beforeId?: number | null }): Promise<AuditEventRow[]> {
  await assertCanReadAudit(o);
  const rows = await o.db
    .select({ ...getColumns(auditLog), actorEmail: accounts.email, orgSlug: organisations.slug, orgName: organisations.name })
    .from(auditLog)
    .leftJoin(accounts, eq(accounts.id, auditLog.actorAccountId))
    .leftJoin(organisations, eq(organisations.id, auditLog.actorOrganisationId))
    .where(o.beforeId ? lt(auditLog.id, o.beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(o.first);
  return rows.map(({ orgSlug, orgName, ...r }) => ({
    ...r,
    actorOrganisation: orgSlug === null || orgName === null ? null : { slug: orgSlug, name: orgName },
  }));
}
