// Small reads the account services share: an organisation by slug and whether it is a host.
import { eq, sql } from 'drizzle-orm';
import { organisations } from '../../../schema/organisations.ts';
import { secretariatHosts } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { NotFoundError } from '../access/errors.ts';

export async function organisationBySlug(
  tx: Pick<Db, 'select'>,
  slug: string,
): Promise<{ id: number; slug: string; name: string; isHost: boolean }> {
  const [row] = await tx
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      isHost: sql<boolean>`${secretariatHosts.organisationId} IS NOT NULL`,
    })
    .from(organisations)
    .leftJoin(secretariatHosts, eq(secretariatHosts.organisationId, organisations.id))
    .where(eq(organisations.slug, slug))
    .limit(1);
  if (!row) throw new NotFoundError(`No organisation has the slug "${slug}".`);
  return { ...row, isHost: Boolean(row.isHost) };
}
