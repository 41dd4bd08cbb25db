// Webhook endpoints in the API: register (secret shown once), rotate, delete, replay, and the delivery log.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';
import { idOf } from '../access/global-ids.ts';
import { listWebhookEndpoints, type AttemptRow, type DeliveryRow, type EndpointListing } from './endpoint-list.ts';
import { urlPolicyOf } from './endpoint-url.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  replayWebhookDelivery,
  rotateWebhookSecret,
  type IssuedEndpoint,
} from './endpoints.ts';

const WebhookAttempt = builder.objectRef<AttemptRow>('WebhookAttempt').implement({
  description: 'One try at sending a delivery.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: '1 for the first try.' }),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    status: t.exposeInt('status', { nullable: true, description: 'The HTTP status the receiver answered; null when none came.' }),
    error: t.exposeString('error', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
  }),
});

const WebhookDelivery = builder.objectRef<DeliveryRow & { attemptLog?: AttemptRow[] }>('WebhookDelivery').implement({
  description: 'One message for one endpoint. Every attempt sends it with the same `webhook-id` (`messageId`).',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (d) => encodeGlobalID('WebhookDelivery', d.id) }),
    messageId: t.exposeString('messageId'),
    eventType: t.exposeString('eventType'),
    status: t.exposeString('status', { description: 'pending, delivered or failed.' }),
    occurredAt: t.field({ type: 'DateTime', resolve: (d) => d.occurredAt }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => (d.status === 'pending' ? d.nextAttemptAt : null) }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.deliveredAt }),
    lastStatus: t.exposeInt('lastStatus', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    attemptLog: t.field({ type: [WebhookAttempt], resolve: (d) => d.attemptLog ?? [] }),
  }),
});

type EndpointView = Pick<EndpointListing, 'endpoint'> & Partial<Pick<EndpointListing, 'deliveries'>>;

const WebhookEndpoint = builder.objectRef<EndpointView>('WebhookEndpoint').implement({
  description: 'Where an organisation receives events. Its secret is never shown again after it is issued.',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: ({ endpoint }) => encodeGlobalID('WebhookEndpoint', endpoint.id) }),
    url: t.string({ resolve: ({ endpoint }) => endpoint.url }),
    eventTypes: t.stringList({ resolve: ({ endpoint }) => endpoint.eventTypes }),
    createdAt: t.field({ type: 'DateTime', resolve: ({ endpoint }) => endpoint.createdAt }),
    previousSecretUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'After a rotation: until when the previous secret signs too.',
      resolve: ({ endpoint }) => endpoint.previousSecretUntil,
    }),
    disabledAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ endpoint }) => endpoint.disabledAt }),
    disabledReason: t.string({ nullable: true, resolve: ({ endpoint }) => endpoint.disabledReason }),
    deliveries: t.field({
      type: [WebhookDelivery],
      description: 'The latest 50 deliveries, newest first, with their attempts.',
      resolve: ({ deliveries }) => deliveries ?? [],
    }),
  }),
});

const IssuedWebhookEndpoint = builder.objectRef<IssuedEndpoint>('IssuedWebhookEndpoint').implement({
  description: 'An endpoint and its new signing secret (`whsec_...`), shown this once.',
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpoint, resolve: (x) => ({ endpoint: x.endpoint }) }),
    secret: t.exposeString('secret'),
  }),
});

const DeletedWebhookEndpoint = builder.objectRef<{ id: number }>('DeletedWebhookEndpoint').implement({
  fields: (t) => ({ id: t.field({ type: 'ID', resolve: (x) => encodeGlobalID('WebhookEndpoint', x.id) }) }),
});

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'An https:// address the directory may reach.' }),
    eventTypes: t.stringList({ required: true, description: 'e.g. ["event.created", "submission.approved"]: see docs/webhooks.md.' }),
  }),
});

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: IssuedWebhookEndpoint,
    errors: mutationErrors,
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      createWebhookEndpoint({ ...serviceContext(ctx), url: input.url, eventTypes: input.eventTypes, policy: urlPolicyOf(ctx.config) }),
  }),
  rotateWebhookSecret: t.field({
    type: IssuedWebhookEndpoint,
    errors: mutationErrors,
    args: {
      id: t.arg.id({ required: true }),
      graceHours: t.arg.int({ description: 'How long the old secret keeps signing: 0 to 168, 24 by default.' }),
    },
    resolve: (_r, a, ctx) =>
      rotateWebhookSecret({ ...serviceContext(ctx), endpointId: idOf('id', 'WebhookEndpoint', a.id), graceHours: a.graceHours }),
  }),
  deleteWebhookEndpoint: t.field({
    type: DeletedWebhookEndpoint,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => deleteWebhookEndpoint({ ...serviceContext(ctx), endpointId: idOf('id', 'WebhookEndpoint', a.id) }),
  }),
  replayWebhookDelivery: t.field({
    type: WebhookDelivery,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => replayWebhookDelivery({ ...serviceContext(ctx), deliveryId: idOf('id', 'WebhookDelivery', a.id) }),
  }),
}));

builder.queryField('webhookEndpoints', (t) =>
  t.field({
    type: [WebhookEndpoint],
    description: "Your organisation's webhook endpoints with their delivery log. Admins only.",
    resolve: (_r, _a, ctx) => listWebhookEndpoints(serviceContext(ctx)),
  }),
);
