// Assigning maintaining organisations to an entry (seeded entries start with none): host editors and admins.
import { and, eq } from 'drizzle-orm';
import { entryMaintainers } from '../../../schema/editorial.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { organisationBySlug } from '../accounts/lookups.ts';
import { recordAudit } from '../access/audit.ts';
import { entrySpecs } from './entry-specs.ts';
import { lockEntry, maintainersOf } from './entry-store.ts';
import { authorise, authorisedWrite, type AccessContext } from '../access/transaction.ts';

export async function setMaintainer(
  o: AccessContext & { type: EntryType; entryId: number; organisation: string; maintains: boolean },
): Promise<number[]> {
  const spec = entrySpecs[o.type];
  const action = o.maintains ? 'maintainer.add' : 'maintainer.remove';
  return authorisedWrite(o, { action, entryType: o.type, entryId: o.entryId }, async (tx, actor) => {
    authorise(actor, { kind: 'entry.maintainers', type: o.type });
    await lockEntry(tx, spec, o.entryId);
    const org = await organisationBySlug(tx, o.organisation);
    if (o.maintains) {
      await tx.insert(entryMaintainers).values({ entryType: o.type, entryId: o.entryId, organisationId: org.id }).onConflictDoNothing();
    } else {
      await tx
        .delete(entryMaintainers)
        .where(
          and(eq(entryMaintainers.entryType, o.type), eq(entryMaintainers.entryId, o.entryId), eq(entryMaintainers.organisationId, org.id)),
        );
    }
    await recordAudit(tx, {
      action,
      actor,
      entryType: o.type,
      entryId: o.entryId,
      details: { organisationId: org.id },
      requestId: o.requestId ?? null,
    });
    return maintainersOf(tx, spec, o.entryId);
  });
}
