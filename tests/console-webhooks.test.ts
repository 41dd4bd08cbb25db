// /console/webhooks: the same services and matrix as the API, plain forms with CSRF, the secret shown once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { ConsoleClient, newOutbox } from './support/console.ts';
import { createCast, type Cast } from './support/editorial-cast.ts';
import { publishOrg } from './support/editorial-mutations.ts';
import { startReceiver, type Receiver } from './support/webhook-receiver.ts';
import { localReceiverEnv, testWorker } from './support/webhooks.ts';

let t: TestApp;
let cast: Cast;
let receiver: Receiver;
const outbox = newOutbox();
const secretIn = (html: string) => /<code class="secret">(whsec_[A-Za-z0-9+/=]+)<\/code>/.exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp({ env: { OUTBOX_DIR: outbox, SIGN_IN_LIMIT_PER_ADDRESS: '1000', ...localReceiverEnv } });
  cast = await createCast(t);
  receiver = await startReceiver();
}, 180_000);
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('the webhooks page', () => {
  test('an admin adds an endpoint with tick boxes, sees the secret once, reads the log, replays, rotates and deletes', async () => {
    const me = new ConsoleClient(t.app);
    await me.signIn(cast.emails.adminA, outbox);
    const empty = await me.get('/console/webhooks');
    expect(empty.res.status).toBe(200);
    expect(empty.body).toContain('<a href="/console/webhooks">Webhooks</a>');

    const none = await me.post('/console/webhooks', { url: `${receiver.url}/console` });
    expect(none.res.status).toBe(400);
    expect(none.body).toMatch(/id="f-eventTypes-error"[^>]*>name at least one event type/);
    const privateUrl = await me.post('/console/webhooks', { url: 'http://10.0.0.1/hooks', eventTypes: ['organisation.created'] });
    expect(privateUrl.res.status).toBe(400);
    expect(privateUrl.body).toContain('points at a private, loopback, link-local or otherwise reserved address');
    // What was ticked is kept when the form comes back.
    expect(privateUrl.body).toMatch(/id="ev-organisation.created" name="eventTypes" value="organisation.created" checked/);

    const added = await me.post('/console/webhooks', {
      url: `${receiver.url}/console`,
      eventTypes: ['organisation.created', 'submission.approved'],
    });
    const secret = secretIn(added.body)!;
    expect(secret).toBeTruthy();
    receiver.secrets = [secret];
    expect((await me.get('/console/webhooks')).body).not.toContain(secret);

    await publishOrg(t, cast.as.editorA, cast.as.reviewerB, { slug: 'console-hooked', name: 'Console Hooked', kind: 'CHARITY' });
    await testWorker(t).drain();
    const log = await me.get('/console/webhooks');
    expect(log.body).toMatch(/organisation\.created <code>console-hooked<\/code>[\s\S]*?delivered/);
    const replayId = /action="\/console\/webhooks\/deliveries\/(\d+)\/replay"[\s\S]*?Replay organisation.created of console-hooked/.exec(
      log.body,
    )![1]!;
    const replayed = await me.post(`/console/webhooks/deliveries/${replayId}/replay`, {});
    expect(replayed.res.status).toBe(303);
    await testWorker(t).drain();
    const created = receiver.at('console').filter((h) => h.payload?.type === 'organisation.created');
    expect(created.map((h) => h.id)).toEqual([created[0]!.id, created[0]!.id]);

    const endpointId = /action="\/console\/webhooks\/(\d+)\/rotate"/.exec(log.body)![1]!;
    await me.get('/console/webhooks');
    const rotated = await me.post(`/console/webhooks/${endpointId}/rotate`, {});
    expect(secretIn(rotated.body)).toMatch(/^whsec_/);
    expect(secretIn(rotated.body)).not.toBe(secret);
    expect(rotated.body).toContain('The previous secret signs too until');
    const deleted = await me.post(`/console/webhooks/${endpointId}/delete`, {});
    expect(deleted.res.status).toBe(303);
    expect((await me.get('/console/webhooks')).body).not.toContain(`/console/webhooks/${endpointId}/rotate`);
  });

  test('a contributor is refused (and audited); a post without the CSRF token changes nothing', async () => {
    const contributor = new ConsoleClient(t.app);
    await contributor.signIn(cast.emails.contributorP, outbox);
    const refused = await contributor.get('/console/webhooks');
    expect(refused.res.status).toBe(403);
    const audit = await t.graphql(`{ auditLog(first: 10) { action outcome actorEmail } }`, {}, cast.as.adminA);
    expect(audit.body.data.auditLog).toContainEqual({ action: 'webhook.manage', outcome: 'denied', actorEmail: cast.emails.contributorP });

    const admin = new ConsoleClient(t.app);
    await admin.signIn(cast.emails.partnerAdminP, outbox);
    await admin.get('/console/webhooks');
    const forged = await admin.post(
      '/console/webhooks',
      { url: `${receiver.url}/forged`, eventTypes: ['submission.submitted'] },
      { csrf: 'forged' },
    );
    expect(forged.res.status).toBe(403);
    expect((await admin.get('/console/webhooks')).body).not.toContain('/forged');
  });
});
