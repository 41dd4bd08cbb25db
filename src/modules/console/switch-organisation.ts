// Switching the organisation a session acts for (the header's form): the kernel checks the membership.
import { Hono } from 'hono';
import { switchSessionOrganisation } from '../accounts/session-organisation.ts';
import { InvalidInputError } from '../access/errors.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';

export function switchOrganisationRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  app.post('/organisation', async (c) => {
    const body = await c.req.parseBody();
    const raw = body.organisationId;
    if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw))
      throw new InvalidInputError([{ path: ['organisationId'], message: 'Choose one of your organisations.' }]);
    await switchSessionOrganisation({
      db: deps.db,
      viewer: c.get('session')!.viewer,
      requestId: c.get('requestId'),
      organisationId: Number(raw),
    });
    // Home, not the page the form was on: that page may belong to the organisation just left.
    return c.redirect('/console', 303);
  });
  return app;
}
