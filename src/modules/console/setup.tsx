// First run in the browser: with the one-time code from the server's log, found the secretariat's hosts and their admins.
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { secretariatHosts } from '../../../schema/editorial.ts';
import { InvalidInputError } from '../access/errors.ts';
import { AlreadyInitialisedError, initSecretariat } from '../accounts/init-secretariat.ts';
import { createSignInLink } from '../accounts/sign-in.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Page, type FieldProblem } from './layout.tsx';
import { setupMessage } from './messages.ts';
import { emptySetup, foundingHostsFrom, problemsOfHosts, SetupForm, setupValuesFrom, type SetupValues } from './setup-form.tsx';

export function setupRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  let used = false;
  const open = async () => {
    if (!deps.setupCode || used) return false;
    const [host] = await deps.db.select({ id: secretariatHosts.organisationId }).from(secretariatHosts).limit(1);
    return !host;
  };
  const closed = (c: Context<ConsoleEnv>) =>
    c.html(
      <Page title="Set up" session={c.get('session')}>
        <h1>The directory is already set up</h1>
        <p>
          <a href="/console/sign-in">Sign in</a>
        </p>
      </Page>,
      404,
    );

  const form = (c: Context<ConsoleEnv>, values: SetupValues, problems: FieldProblem[], status: 200 | 400 = 200) =>
    c.html(
      <Page title="Set up the directory" session={null}>
        <h1>Set up the directory</h1>
        <SetupForm csrf={c.get('csrfToken')} values={values} problems={problems} />
      </Page>,
      status,
    );

  const codeProblem = (typed: string): FieldProblem | null => {
    const code = Buffer.from(typed);
    const expected = Buffer.from(deps.setupCode!);
    if (!code.length) return { field: 'code', message: 'Enter the setup code from the server log' };
    if (code.length !== expected.length || !timingSafeEqual(code, expected))
      return { field: 'code', message: 'This is not the code in the server log' };
    return null;
  };

  app.get('/setup', async (c) => ((await open()) ? form(c, emptySetup(), []) : closed(c)));

  app.post('/setup', async (c) => {
    if (!(await open())) return closed(c);
    const body = await c.req.parseBody();
    const values = setupValuesFrom(body);
    // One more row, posted back with what was typed: no script needed. Nothing is checked or founded yet.
    if (body._do === 'add') {
      const rows = setupValuesFrom({ ...body, rows: String(values.rows + 1) });
      return form(c, rows, []);
    }
    const { hosts, problems } = foundingHostsFrom(values);
    const wrongCode = codeProblem(values.code);
    if (wrongCode) problems.unshift(wrongCode);
    // A wrong code is not shown back; a right one is kept, so fixing another field does not mean typing it again.
    const again = { ...values, code: wrongCode ? '' : values.code };
    if (problems.length) return form(c, again, problems, 400);
    try {
      const founded = (await initSecretariat({ db: deps.db, hosts })).hosts;
      used = true;
      for (const [i, f] of founded.entries()) {
        const to = hosts[i]!.adminEmail.toLowerCase();
        const link = await createSignInLink({ db: deps.db, email: to, purpose: 'setup' });
        if (link) await deps.mailer.send(setupMessage(deps.config, to, link.secret, f.organisation.name));
      }
      deps.logger.info('secretariat set up in the browser', {
        organisations: founded.map((f) => f.organisation.slug),
        requestId: c.get('requestId'),
      });
      return c.html(
        <Page title="Set up" session={null}>
          <h1>The directory is set up</h1>
          <p>
            {founded.length === 1 ? 'The founding host is' : 'The founding hosts are'}{' '}
            {new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(founded.map((f) => f.organisation.name))}. A sign-in link is on
            its way to each admin
            {deps.mailer.outbox ? ' (no mail server is configured: the messages are in the outbox folder named in the server log)' : ''}:
          </p>
          <ul>
            {founded.map((f, i) => (
              <li>
                {hosts[i]!.adminEmail.toLowerCase()}, admin of {f.organisation.name}
              </li>
            ))}
          </ul>
        </Page>,
      );
    } catch (err) {
      if (err instanceof AlreadyInitialisedError) return closed(c);
      if (err instanceof InvalidInputError) return form(c, again, problemsOfHosts(err.fieldErrors, hosts), 400);
      throw err;
    }
  });
  return app;
}
