// The read side: an organisation's endpoints, newest first, each with its latest deliveries and their attempts.
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../../schema/webhooks.ts';
import { assertMayRead, signedInReader } from '../access/read.ts';
import type { AccessContext } from '../access/transaction.ts';
import type { EndpointRow } from './endpoints.ts';

/** The delivery log shows this many of an endpoint's latest deliveries. */
export const LOGGED_DELIVERIES = 50;

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

export interface EndpointListing {
  endpoint: EndpointRow;
  deliveries: (DeliveryRow & { attemptLog: AttemptRow[] })[];
}

/** Three statements whatever the number of endpoints: endpoints, their latest deliveries, those deliveries' attempts. */
export async function listWebhookEndpoints(o: AccessContext): Promise<EndpointListing[]> {
  const actor = await signedInReader(o, 'webhook.read');
  await assertMayRead(o, actor, { kind: 'webhook.manage', organisationId: actor.organisationId });
  const endpoints = await o.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organisationId, actor.organisationId))
    .orderBy(desc(webhookEndpoints.id));
  if (!endpoints.length) return [];
  const ids = sql.join(
    endpoints.map((e) => sql`${e.id}`),
    sql`, `,
  );
  const shown = await o.db
    .select()
    .from(webhookDeliveries)
    .where(
      sql`${webhookDeliveries.id} IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY endpoint_id ORDER BY id DESC) AS n
          FROM webhook_deliveries WHERE endpoint_id IN (${ids})) latest WHERE n <= ${LOGGED_DELIVERIES})`,
    )
    .orderBy(desc(webhookDeliveries.id));
  const attempts = shown.length
    ? await o.db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            shown.map((d) => d.id),
          ),
        )
        .orderBy(webhookAttempts.attempt)
    : [];
  return endpoints.map((endpoint) => ({
    endpoint,
    deliveries: shown
      .filter((d) => d.endpointId === endpoint.id)
      .map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.deliveryId === d.id) })),
  }));
}
