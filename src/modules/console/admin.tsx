// For host admins: proposing and approving new hosts, and the audit log.
import { Hono, type Context } from 'hono';
import { desc, eq, isNull } from 'drizzle-orm';
import { pendingApprovals } from '../../../schema/editorial.ts';
import { organisations } from '../../../schema/organisations.ts';
import { createSignInLink } from '../accounts/sign-in.ts';
import { invitationMessage } from './messages.ts';
import { InvalidInputError } from '../access/errors.ts';
import type { AccessContext } from '../access/transaction.ts';
import { approveHost, declineHost, proposeHost } from '../accounts/hosts.ts';
import { listAuditEvents } from '../editorial/audit-log.ts';
import { assertCanReadAudit } from '../editorial/history.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Csrf, ErrorSummary, Notice, Page, TextInput, type FieldProblem } from './layout.tsx';

export function adminRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const ctx = (c: Context<ConsoleEnv>): AccessContext => ({ db: deps.db, viewer: c.get('session')!.viewer, requestId: c.get('requestId') });

  const hostsPage = async (c: Context<ConsoleEnv>, o: { problems?: FieldProblem[]; notice?: string; status?: 200 | 400 } = {}) => {
    // Open proposals are shown to those who may decide them: the audit read check stands for "host admin".
    await assertCanReadAudit(ctx(c));
    const open = await deps.db
      .select({ id: pendingApprovals.id, firstAdminEmail: pendingApprovals.firstAdminEmail, name: organisations.name })
      .from(pendingApprovals)
      .innerJoin(organisations, eq(organisations.id, pendingApprovals.organisationId))
      .where(isNull(pendingApprovals.decidedAt))
      .orderBy(desc(pendingApprovals.id));
    return c.html(
      <Page title="Hosts" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>Hosts of the directory</h1>
        {o.notice ? <Notice>{o.notice}</Notice> : null}
        <h2>Proposals waiting for a decision</h2>
        {open.length ? (
          <ul>
            {open.map((p) => (
              <li>
                {p.name}, first admin {p.firstAdminEmail ?? 'not named'}
                <form method="post" action={`/console/hosts/${p.id}/approve`}>
                  <Csrf token={c.get('csrfToken')} />
                  <button type="submit">Approve proposal {p.id}</button>
                </form>
                <form method="post" action={`/console/hosts/${p.id}/decline`}>
                  <Csrf token={c.get('csrfToken')} />
                  <button type="submit" class="secondary">
                    Decline proposal {p.id}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p>No proposal is open.</p>
        )}
        <h2>Propose a new host</h2>
        <p>An admin of a different host must approve it.</p>
        <ErrorSummary problems={o.problems ?? []} labels={{ organisation: 'Organisation slug', firstAdminEmail: "First admin's email" }} />
        <form method="post" action="/console/hosts" novalidate>
          <Csrf token={c.get('csrfToken')} />
          <TextInput name="organisation" label="Organisation slug" error={o.problems?.find((p) => p.field === 'organisation')?.message} />
          <TextInput
            name="firstAdminEmail"
            label="First admin's email"
            type="email"
            error={o.problems?.find((p) => p.field === 'firstAdminEmail')?.message}
          />
          <button type="submit">Propose</button>
        </form>
      </Page>,
      o.status ?? 200,
    );
  };

  app.get('/hosts', (c) => hostsPage(c, { notice: c.req.query('done') }));
  app.post('/hosts', async (c) => {
    const body = await c.req.parseBody();
    try {
      await proposeHost({
        ...ctx(c),
        organisation: String(body.organisation ?? '').trim(),
        firstAdminEmail: String(body.firstAdminEmail ?? ''),
      });
      return c.redirect('/console/hosts?done=Proposed.', 303);
    } catch (err) {
      if (err instanceof InvalidInputError)
        return hostsPage(c, {
          problems: err.fieldErrors.map((e) => ({ field: e.path.at(-1) ?? 'organisation', message: e.message })),
          status: 400,
        });
      throw err;
    }
  });
  app.post('/hosts/:id/approve', async (c) => {
    const approved = await approveHost({ ...ctx(c), approvalId: Number(c.req.param('id')) || 0 });
    // The new host's first admin is let in as any invited member is: by a sign-in link (the API hands them a token).
    if (approved.firstAdminEmail) {
      const link = await createSignInLink({ db: deps.db, email: approved.firstAdminEmail, purpose: 'invitation' });
      const [org] = await deps.db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, approved.organisationId));
      if (link)
        await deps.mailer.send(
          invitationMessage(deps.config, approved.firstAdminEmail, link.secret, {
            organisation: org?.name ?? '',
            role: 'admin',
            invitedBy: c.get('session')!.email,
          }),
        );
    }
    return c.redirect('/console/hosts?done=Approved.', 303);
  });
  app.post('/hosts/:id/decline', async (c) => {
    await declineHost({ ...ctx(c), approvalId: Number(c.req.param('id')) || 0 });
    return c.redirect('/console/hosts?done=Declined.', 303);
  });

  app.get('/audit', async (c) => {
    const rows = await listAuditEvents({ ...ctx(c), first: 100 });
    return c.html(
      <Page title="Audit log" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>Audit log</h1>
        <table>
          <caption>The latest 100 events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Account</th>
              <th scope="col">Entry</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{String(r.at).slice(0, 19).replace('T', ' ')}</td>
                <td>{r.action}</td>
                <td>{r.outcome}</td>
                <td>{r.actorAccountId ?? ''}</td>
                <td>{r.entryType ? `${r.entryType} ${r.entryId}` : ''}</td>
                <td>
                  <code>{JSON.stringify(r.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });
  return app;
}
