// First run in the browser: with the one-time code from the server's log, name the founding host and its admin.
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { secretariatHosts } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { AlreadyInitialisedError, initSecretariat } from '../accounts/init-secretariat.ts';
import { createSignInLink } from '../accounts/sign-in.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Csrf, ErrorSummary, Page, TextInput, type FieldProblem } from './layout.tsx';
import { setupMessage } from './messages.ts';

/** One founding host from this form; more join by proposal and approval (Hosts page), or found several with the CLI. */
const foundSecretariat = async (db: Db, host: { host: string; adminEmail: string }) =>
  (await initSecretariat({ db, hosts: [host] })).hosts[0]!;

const email = z.email().max(320);

export function setupRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  let used = false;
  const open = async () => {
    if (!deps.setupCode || used) return false;
    const [host] = await deps.db.select({ id: secretariatHosts.organisationId }).from(secretariatHosts).limit(1);
    return !host;
  };
  const closed = (c: any) =>
    c.html(
      <Page title="Set up" session={c.get('session')}>
        <h1>The directory is already set up</h1>
        <p>
          <a href="/console/sign-in">Sign in</a>
        </p>
      </Page>,
      404,
    );

  const form = (c: any, values: Record<string, string>, problems: FieldProblem[], status: 200 | 400 = 200) =>
    c.html(
      <Page title="Set up the directory" session={null}>
        <h1>Set up the directory</h1>
        <ErrorSummary
          problems={problems}
          labels={{ code: 'Setup code', host: 'Founding host organisation', adminEmail: "Admin's email address" }}
        />
        <p>Name the organisation that hosts the directory and its first admin, who will be emailed a sign-in link.</p>
        <form method="post" action="/console/setup" novalidate>
          <Csrf token={c.get('csrfToken')} />
          <TextInput
            name="code"
            label="Setup code"
            hint="Printed in the server's log when it started."
            value={values.code}
            error={problems.find((p) => p.field === 'code')?.message}
          />
          <fieldset>
            <legend>Founding host</legend>
            <TextInput
              name="host"
              label="Founding host organisation"
              value={values.host}
              error={problems.find((p) => p.field === 'host')?.message}
            />
            <TextInput
              name="adminEmail"
              label="Admin's email address"
              type="email"
              value={values.adminEmail}
              error={problems.find((p) => p.field === 'adminEmail')?.message}
            />
          </fieldset>
          <button type="submit">Set up</button>
        </form>
      </Page>,
      status,
    );

  app.get('/setup', async (c) => ((await open()) ? form(c, {}, []) : closed(c)));

  app.post('/setup', async (c) => {
    if (!(await open())) return closed(c);
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      ['code', 'host', 'adminEmail'].map((k) => [k, typeof body[k] === 'string' ? (body[k] as string).trim() : '']),
    );
    const problems: FieldProblem[] = [];
    const code = Buffer.from(values.code!);
    const expected = Buffer.from(deps.setupCode!);
    if (!code.length) problems.push({ field: 'code', message: 'Enter the setup code from the server log' });
    else if (code.length !== expected.length || !timingSafeEqual(code, expected))
      problems.push({ field: 'code', message: 'This is not the code in the server log' });
    if (!values.host || values.host.length > 300) problems.push({ field: 'host', message: 'Enter the organisation’s name' });
    if (!email.safeParse(values.adminEmail!.toLowerCase()).success)
      problems.push({ field: 'adminEmail', message: 'Enter an email address, like name@example.org' });
    if (problems.length) return form(c, { ...values, code: '' }, problems, 400);
    try {
      const founded = await foundSecretariat(deps.db, { host: values.host!, adminEmail: values.adminEmail! });
      used = true;
      const link = await createSignInLink({ db: deps.db, email: values.adminEmail!, purpose: 'setup' });
      if (link) await deps.mailer.send(setupMessage(deps.config, values.adminEmail!.toLowerCase(), link.secret, founded.organisation.name));
      deps.logger.info('secretariat set up in the browser', { organisation: founded.organisation.slug, requestId: c.get('requestId') });
      return c.html(
        <Page title="Set up" session={null}>
          <h1>The directory is set up</h1>
          <p>
            {founded.organisation.name} is the founding host. A sign-in link is on its way to {values.adminEmail}
            {deps.mailer.outbox ? ' (no mail server is configured: it is in the outbox folder named in the server log)' : ''}.
          </p>
        </Page>,
      );
    } catch (err) {
      if (err instanceof AlreadyInitialisedError) return closed(c);
      throw err;
    }
  });
  return app;
}
