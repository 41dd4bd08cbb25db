// Webhooks: registering endpoints (who may, which URLs), signed thin payloads, partners' scope, secret rotation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { refusalOfUrl, urlPolicyOf } from '../src/modules/webhooks/endpoint-url.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, publishOrg } from './support/editorial-mutations.ts';
import { idOf } from './support/graphql.ts';
import { startReceiver, verifyWith, type Receiver } from './support/webhook-receiver.ts';
import { createEndpoint, endpointsOf, localReceiverEnv, rotateSecret, testWorker } from './support/webhooks.ts';

let app: TestApp;
let cast: Cast;
let receiver: Receiver;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp({ env: localReceiverEnv }));
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
});
beforeEach(() => {
  receiver.hits.length = 0;
  receiver.secrets = [];
  receiver.respond = () => ({ status: 200 });
});

/** A fresh path per endpoint, so each test reads only its own deliveries. */
const urlFor = (name: string) => `${receiver.url}/${name}`;

describe('registering an endpoint', () => {
  it('shows the secret once, as whsec_ and base64, and never again', async () => {
    const r = await createEndpoint(app, cast.as.adminA, urlFor('once'), ['organisation.created']);
    expect(r.__typename).toBe('IssuedWebhookEndpoint');
    expect(r.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await app.graphql(`{ webhookEndpoints { id url } }`, {}, cast.as.adminA);
    expect(JSON.stringify(listed.body)).not.toContain(r.secret.slice(6));
    expect(listed.body.data.webhookEndpoints.map((e: any) => e.id)).toContain(r.endpoint.id);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'the cloud metadata address'],
    ['http://10.0.0.1/hooks', 'a private address'],
    ['http://[::1]/hooks', 'IPv6 loopback'],
    ['http://100.64.0.1/hooks', 'CGNAT'],
    ['http://[2002:a00:1::]/hooks', '6to4 embedding 10.0.0.1'],
    ['http://[64:ff9b:1::a00:1]/hooks', 'local-use NAT64'],
    ['ftp://example.org/hooks', 'a scheme other than http(s)'],
  ])('refuses %s (%s) with a field error', async (url) => {
    const r = await createEndpoint(app, cast.as.adminA, url, ['organisation.created']);
    expect(r.__typename).toBe('InvalidInput');
    expect(r.fieldErrors).toEqual([{ path: ['input', 'url'], message: expect.any(String) }]);
  });

  it('refuses unknown event types, naming them', async () => {
    const r = await createEndpoint(app, cast.as.adminA, urlFor('x'), ['organisation.created', 'entry.exploded']);
    expect(r.fieldErrors).toEqual([{ path: ['input', 'eventTypes'], message: '"entry.exploded" is not an event type' }]);
  });

  it('is for admins only: editors and contributors are refused, and the refusal is audited', async () => {
    for (const person of ['editorA', 'contributorP'] as const) {
      const r = await createEndpoint(app, cast.as[person], urlFor('nope'), ['organisation.created']);
      expect(r.__typename).toBe('Forbidden');
    }
    const audit = await app.graphql(`{ auditLog(first: 20) { action outcome actorEmail } }`, {}, cast.as.adminA);
    const denied = audit.body.data.auditLog.filter((e: any) => e.action === 'webhook.create' && e.outcome === 'denied');
    expect(denied.map((e: any) => e.actorEmail)).toEqual(expect.arrayContaining([cast.emails.editorA, cast.emails.contributorP]));
  });

  it("another organisation's endpoint answers as a missing one", async () => {
    const mine = await createEndpoint(app, cast.as.adminA, urlFor('mine'), ['organisation.created']);
    const res = await app.graphql(
      `mutation($id: ID!) { r: deleteWebhookEndpoint(id: $id) { __typename ... on MutationError { message } } }`,
      { id: mine.endpoint.id },
      cast.as.adminB,
    );
    expect(res.body.data.r).toEqual({ __typename: 'NotFound', message: 'No webhook endpoint has this id.' });
    expect((await endpointsOf(app, cast.as.adminA)).map((e) => e.id)).toContain(mine.endpoint.id);
  });

  it('answers an id beyond what the column holds as bad input, not an internal error', async () => {
    const res = await app.graphql(
      `mutation($id: ID!) { r: deleteWebhookEndpoint(id: $id) { __typename } }`,
      { id: Buffer.from('WebhookEndpoint:99999999999').toString('base64') },
      cast.as.adminA,
    );
    expect(res.body.errors).toEqual([
      { message: 'A number in this request is out of range.', path: ['r'], extensions: { code: 'INVALID_INPUT' } },
    ]);
  });
});

describe('deliveries', () => {
  it('sends organisation.created, signed per Standard Webhooks, with the thin payload and the /changes cursor', async () => {
    const { secret } = await createEndpoint(app, cast.as.adminA, urlFor('created'), ['organisation.created']);
    receiver.secrets = [secret];
    const { created } = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, {
      slug: 'hook-riverside',
      name: 'Riverside',
      kind: 'CHARITY',
    });
    await testWorker(app).drain();

    expect(receiver.at('created')).toHaveLength(1);
    const [hit] = receiver.at('created');
    expect(hit!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(hit!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const changes = (await (await app.app.request('/changes?types=Organisation&limit=1000')).json()) as { changes: any[] };
    const change = changes.changes.find((c) => c.slug === 'hook-riverside' && c.action === 'created');
    expect(hit!.payload).toEqual({
      type: 'organisation.created',
      timestamp: change.at,
      data: {
        id: created.entryId,
        type: 'Organisation',
        slug: 'hook-riverside',
        url: `${app.config.PUBLIC_URL}/organisations/hook-riverside`,
        cursor: change.cursor,
      },
    });
    const [log] = (await endpointsOf(app, cast.as.adminA)).filter((e) => e.url === urlFor('created'));
    expect(log.deliveries).toMatchObject([{ eventType: 'organisation.created', status: 'delivered', attempts: 1, lastStatus: 200 }]);
  });

  it("partners hear only of their own organisation's entries, submissions included; hosts hear of all", async () => {
    const partner = await createEndpoint(app, cast.as.partnerAdminP, urlFor('partner'), ['submission.submitted']);
    const host = await createEndpoint(app, cast.as.adminA, urlFor('host'), ['submission.submitted']);
    receiver.secrets = [partner.secret, host.secret];
    const ofQ = await createOrg(app, cast.as.contributorQ, { slug: 'hook-q-draft', name: 'Q draft', kind: 'CHARITY' });
    await move(app, cast.as.contributorQ, 'submit', ofQ.entryId, ofQ.revision.id);
    const ofP = await createOrg(app, cast.as.contributorP, { slug: 'hook-p-draft', name: 'P draft', kind: 'CHARITY' });
    await move(app, cast.as.contributorP, 'submit', ofP.entryId, ofP.revision.id);
    await testWorker(app).drain();

    const seen = (name: string) => receiver.at(name).map((h) => h.payload.data.slug);
    expect(seen('partner')).toEqual(['hook-p-draft']);
    expect(seen('host').sort()).toEqual(['hook-p-draft', 'hook-q-draft']);
    const submitted = receiver.at('partner')[0]!.payload;
    expect(submitted).toMatchObject({
      type: 'submission.submitted',
      data: {
        type: 'Organisation',
        cursor: null,
        url: `${app.config.PUBLIC_URL}/console/entries/organisation/${idOf(ofP.entryId)}`,
      },
    });
  });

  it('during a rotation signs with both secrets, each verifying alone; after rotating with no grace only the new one', async () => {
    const created = await createEndpoint(app, cast.as.adminA, urlFor('rotated'), ['organisation.updated', 'organisation.created']);
    const rotated = await rotateSecret(app, cast.as.adminA, created.endpoint.id, 24);
    expect(rotated.secret).not.toBe(created.secret);
    receiver.secrets = [rotated.secret];
    await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'hook-rotation', name: 'Rotation', kind: 'CHARITY' });
    await testWorker(app).drain();
    const [hit] = receiver.at('rotated');
    expect(String(hit!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWith(created.secret, hit!)).toMatchObject({ type: 'organisation.created' });
    expect(verifyWith(rotated.secret, hit!)).toMatchObject({ type: 'organisation.created' });

    const again = await rotateSecret(app, cast.as.adminA, created.endpoint.id, 0);
    receiver.hits.length = 0;
    await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'hook-rotation-2', name: 'Rotation 2', kind: 'CHARITY' });
    await testWorker(app).drain();
    const [next] = receiver.at('rotated');
    expect(verifyWith(again.secret, next!)).toMatchObject({ data: { slug: 'hook-rotation-2' } });
    expect(() => verifyWith(rotated.secret, next!)).toThrow();
  });
});

describe("the operator's address policy", () => {
  it('is https only, with no exceptions, unless configured', () => {
    const strict = urlPolicyOf(loadConfig({}));
    expect(refusalOfUrl('http://crm.example.org/hooks', strict)).toMatch(/^must be an https:\/\/ URL/);
    expect(refusalOfUrl('https://127.0.0.1/hooks', strict)).toMatch(/loopback/);
    expect(refusalOfUrl('https://crm.example.org/hooks', strict)).toBeNull();
    const allowing = urlPolicyOf(loadConfig({ WEBHOOK_ALLOWED_ADDRESSES: '10.20.0.0/16, 127.0.0.1', WEBHOOK_ALLOW_HTTP: 'true' }));
    expect(refusalOfUrl('http://10.20.3.4/hooks', allowing)).toBeNull();
    expect(refusalOfUrl('http://10.21.0.1/hooks', allowing)).toMatch(/private/);
  });

  it('refuses a malformed WEBHOOK_ALLOWED_ADDRESSES at boot, naming it', () => {
    expect(() => loadConfig({ WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1,localhost' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_ALLOWED_ADDRESSES: '10.0.0.0/33' })).toThrow(/WEBHOOK_ALLOWED_ADDRESSES/);
  });
});
