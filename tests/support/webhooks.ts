// Webhook endpoints as their owners make them (GraphQL), and a delivery worker over a test app's database.
import { loadConfig } from '../../src/config.ts';
import type { DbHandle } from '../../src/db.ts';
import { createLogger } from '../../src/log.ts';
import { urlPolicyOf } from '../../src/modules/webhooks/endpoint-url.ts';
import { createWebhookWorker, type WebhookWorkerOptions } from '../../src/modules/webhooks/worker.ts';
import type { TestApp } from './app.ts';

/** What a test app needs to send webhooks to a receiver on 127.0.0.1. */
export const localReceiverEnv = { WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1', WEBHOOK_ALLOW_HTTP: 'true' };

const issuedFields = `... on IssuedWebhookEndpoint { secret endpoint { id url eventTypes } }
  ... on MutationError { __typename message }
  ... on InvalidInput { fieldErrors { path message } }`;

export async function createEndpoint(app: TestApp, headers: Record<string, string>, url: string, eventTypes: string[]) {
  const res = await app.graphql(
    `mutation($i: CreateWebhookEndpointInput!) { r: createWebhookEndpoint(input: $i) { __typename ${issuedFields} } }`,
    { i: { url, eventTypes } },
    headers,
  );
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.r;
}

export async function rotateSecret(app: TestApp, headers: Record<string, string>, id: string, graceHours?: number) {
  const res = await app.graphql(
    `mutation($id: ID!, $g: Int) { r: rotateWebhookSecret(id: $id, graceHours: $g) { __typename ${issuedFields} } }`,
    { id, g: graceHours },
    headers,
  );
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.r;
}

export async function replay(app: TestApp, headers: Record<string, string>, id: string) {
  const res = await app.graphql(
    `mutation($id: ID!) { r: replayWebhookDelivery(id: $id) { __typename ... on WebhookDelivery { status messageId } ... on MutationError { message } } }`,
    { id },
    headers,
  );
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.r;
}

/** The caller's endpoints with their delivery log. */
export async function endpointsOf(app: TestApp, headers: Record<string, string>) {
  const res = await app.graphql(
    `{ webhookEndpoints { id url eventTypes disabledAt disabledReason previousSecretUntil
        deliveries { id messageId eventType status attempts nextAttemptAt deliveredAt lastStatus lastError
          attemptLog { attempt status error } } } }`,
    {},
    headers,
  );
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.webhookEndpoints as any[];
}

/** A worker over `handle` (a test app's, or a second connection to its database), not started: tests drain it. */
export function testWorker(app: TestApp, o: Partial<WebhookWorkerOptions> & { handle?: DbHandle; env?: Record<string, string> } = {}) {
  const config = o.env ? loadConfig({ ...o.env }) : app.config;
  return createWebhookWorker({
    handle: app.handle,
    logger: createLogger('silent'),
    policy: urlPolicyOf(config),
    publicUrl: app.config.PUBLIC_URL,
    ...o,
  });
}
