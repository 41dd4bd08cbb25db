// /console/webhooks: an organisation's admins add, rotate and delete endpoints, and read and replay the delivery log.
import { Hono, type Context } from 'hono';
import { InvalidInputError } from '../access/errors.ts';
import type { AccessContext } from '../access/transaction.ts';
import { listWebhookEndpoints } from '../webhooks/endpoint-list.ts';
import { urlPolicyOf } from '../webhooks/endpoint-url.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, replayWebhookDelivery, rotateWebhookSecret } from '../webhooks/endpoints.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Notice, Page, type FieldProblem } from './layout.tsx';
import { AddEndpointForm, EndpointSection } from './webhook-views.tsx';

interface PageState {
  secret?: { url: string; value: string };
  notice?: string | undefined;
  problems?: FieldProblem[];
  url?: string;
  chosen?: readonly string[];
  status?: 200 | 400;
}

export function webhookRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const ctx = (c: Context<ConsoleEnv>): AccessContext => ({ db: deps.db, viewer: c.get('session')!.viewer, requestId: c.get('requestId') });
  const policy = urlPolicyOf(deps.config);
  // Whole numbers a column holds; anything else is no id at all, so it answers as a missing one.
  const id = (c: Context<ConsoleEnv>, name: string) => (/^[1-9]\d{0,8}$/.test(c.req.param(name) ?? '') ? Number(c.req.param(name)) : 0);

  const page = async (c: Context<ConsoleEnv>, o: PageState = {}) => {
    const session = c.get('session')!;
    // The kernel decides who may see this page; a refusal is audited and answered 403.
    const listings = await listWebhookEndpoints(ctx(c));
    const csrf = c.get('csrfToken');
    return c.html(
      <Page title="Webhooks" session={session} csrfToken={csrf}>
        <h1>Webhooks</h1>
        <p>
          Addresses that are sent a signed message (Standard Webhooks) when something here changes. See{' '}
          <a href="https://www.standardwebhooks.com/">the specification</a> for libraries that verify them.
        </p>
        {o.secret ? (
          <Notice>
            <p>
              <strong>Copy the signing secret of {o.secret.url} now: it is shown only once.</strong>
            </p>
            <code class="secret">{o.secret.value}</code>
          </Notice>
        ) : null}
        {o.notice ? <Notice>{o.notice}</Notice> : null}
        {listings.map((l) => (
          <EndpointSection listing={l} csrf={csrf} />
        ))}
        <AddEndpointForm csrf={csrf} problems={o.problems ?? []} url={o.url} chosen={o.chosen ?? []} />
      </Page>,
      o.status ?? 200,
    );
  };

  app.get('/webhooks', (c) => page(c, { notice: c.req.query('done') }));
  app.post('/webhooks', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const chosen = (Array.isArray(body.eventTypes) ? body.eventTypes : body.eventTypes ? [body.eventTypes] : []).map(String);
    const url = String(body.url ?? '');
    try {
      const issued = await createWebhookEndpoint({ ...ctx(c), url, eventTypes: chosen, policy });
      return page(c, { secret: { url: issued.endpoint.url, value: issued.secret } });
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      const problems = err.fieldErrors.map((e) => ({ field: e.path[1] ?? 'url', message: e.message }));
      return page(c, { problems, url, chosen, status: 400 });
    }
  });
  app.post('/webhooks/:id/rotate', async (c) => {
    const issued = await rotateWebhookSecret({ ...ctx(c), endpointId: id(c, 'id') });
    return page(c, { secret: { url: issued.endpoint.url, value: issued.secret } });
  });
  app.post('/webhooks/:id/delete', async (c) => {
    await deleteWebhookEndpoint({ ...ctx(c), endpointId: id(c, 'id') });
    return c.redirect(`/console/webhooks?done=${encodeURIComponent('Endpoint deleted.')}`, 303);
  });
  app.post('/webhooks/deliveries/:id/replay', async (c) => {
    const d = await replayWebhookDelivery({ ...ctx(c), deliveryId: id(c, 'id') });
    return c.redirect(`/console/webhooks?done=${encodeURIComponent(`${d.eventType} of ${d.slug} will be sent again.`)}`, 303);
  });
  return app;
}
