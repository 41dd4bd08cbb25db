// The read side: an organisation's calendar subscriptions, for its members and for the host admins who trust them.
import { asc, eq } from 'drizzle-orm';
import { calendarSubscriptions } from '../../../schema/calendars.ts';
import { organisations } from '../../../schema/organisations.ts';
import { assertMayRead, signedInReader } from '../access/read.ts';
import type { AccessContext } from '../access/transaction.ts';
import type { SubscriptionRow } from './subscriptions.ts';

export async function listCalendarSubscriptions(o: AccessContext & { organisation?: string | null }): Promise<SubscriptionRow[]> {
  const actor = await signedInReader(o, 'calendar.read');
  let organisationId = actor.organisationId;
  if (o.organisation) {
    const [org] = await o.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, o.organisation)).limit(1);
    // A missing organisation is refused like one the caller may not read, so slugs cannot be probed here.
    organisationId = org?.id ?? -1;
  }
  await assertMayRead(o, actor, { kind: 'calendar.read', organisationId });
  return o.db
    .select()
    .from(calendarSubscriptions)
    .where(eq(calendarSubscriptions.organisationId, organisationId))
    .orderBy(asc(calendarSubscriptions.id));
}
