// An organisation's members and invitations (an invitation arrives as a sign-in link), and API tokens shown once.
import { Hono, type Context } from 'hono';
import { memberRoles, tokenScopeValues, type MemberRole } from '../../../schema/editorial.ts';
import { InvalidInputError } from '../access/errors.ts';
import type { AccessContext } from '../access/transaction.ts';
import type { TokenScope } from '../access/viewer.ts';
import { listMembers, listTokens } from '../accounts/listings.ts';
import { inviteMember, removeMember } from '../accounts/members.ts';
import { createSignInLink } from '../accounts/sign-in.ts';
import { createToken, revokeToken } from '../accounts/token-service.ts';
import { namedTargets, searchTargets } from './entry-search.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Csrf, ErrorSummary, Field, Notice, Page, TextInput, type FieldProblem } from './layout.tsx';
import { invitationMessage } from './messages.ts';

const problems = (err: InvalidInputError): FieldProblem[] =>
  err.fieldErrors.map((e) => ({ field: e.path[0] === 'input' ? (e.path[1] ?? 'input') : (e.path[0] ?? 'input'), message: e.message }));

export function memberRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const ctx = (c: Context<ConsoleEnv>): AccessContext => ({ db: deps.db, viewer: c.get('session')!.viewer, requestId: c.get('requestId') });

  app.get('/organisations', async (c) => {
    const q = c.req.query('q') ?? '';
    const found = await searchTargets(deps.db, 'organisation', q);
    return c.html(
      <Page title="Organisations" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>Find an organisation to manage</h1>
        <form method="get" action="/console/organisations">
          <label for="org-q">Organisation name</label>
          <input type="search" id="org-q" name="q" value={q} />
          <button type="submit">Search</button>
        </form>
        <ul>
          {found.map((o) => (
            <li>
              <a href={`/console/organisations/${o.slug}/members`}>{o.name}</a>
            </li>
          ))}
        </ul>
      </Page>,
    );
  });

  const membersPage = async (
    c: Context<ConsoleEnv>,
    slug: string,
    o: { problems?: FieldProblem[]; values?: Record<string, string>; notice?: string; status?: 200 | 400 } = {},
  ) => {
    const rows = await listMembers({ ...ctx(c), organisation: slug });
    const errorOf = (f: string) => o.problems?.find((p) => p.field === f)?.message;
    return c.html(
      <Page title="Members" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>Members of {slug}</h1>
        {o.notice ? <Notice>{o.notice}</Notice> : null}
        <p>
          <a href="/console/organisations">Manage another organisation</a>
        </p>
        <table>
          <caption>Current members</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr>
                <td>{m.email}</td>
                <td>{m.role.replace('_', ' ')}</td>
                <td>
                  <form method="post" action={`/console/organisations/${slug}/members/remove`}>
                    <Csrf token={c.get('csrfToken')} />
                    <input type="hidden" name="email" value={m.email} />
                    <button type="submit" class="secondary">
                      Remove {m.email}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Invite someone</h2>
        <ErrorSummary problems={o.problems ?? []} labels={{ email: 'Email address', role: 'Role' }} />
        <form method="post" action={`/console/organisations/${slug}/members`} novalidate>
          <Csrf token={c.get('csrfToken')} />
          <TextInput name="email" label="Email address" type="email" value={o.values?.email} error={errorOf('email')} />
          <TextInput name="displayName" label="Name (optional)" value={o.values?.displayName} />
          <Field
            name="role"
            label="Role"
            error={errorOf('role')}
            hint="Hosts have admins, editors and reviewers; partners have partner admins and contributors."
          >
            {(describedBy, id) => (
              <select id={id} name="role" aria-describedby={describedBy}>
                {memberRoles.map((r) => (
                  <option value={r} selected={r === o.values?.role}>
                    {r.replace('_', ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">Send invitation</button>
        </form>
      </Page>,
      o.status ?? 200,
    );
  };

  app.get('/organisations/:slug/members', (c) => membersPage(c, c.req.param('slug'), { notice: c.req.query('done') }));

  app.post('/organisations/:slug/members', async (c) => {
    const slug = c.req.param('slug');
    const body = await c.req.parseBody();
    const values = { email: String(body.email ?? ''), displayName: String(body.displayName ?? ''), role: String(body.role ?? '') };
    if (!(memberRoles as readonly string[]).includes(values.role))
      return membersPage(c, slug, { values, problems: [{ field: 'role', message: 'Choose a role' }], status: 400 });
    try {
      const member = await inviteMember({
        ...ctx(c),
        organisation: slug,
        email: values.email,
        role: values.role as MemberRole,
        displayName: values.displayName || null,
      });
      const link = await createSignInLink({ db: deps.db, email: member.email, purpose: 'invitation' });
      const session = c.get('session')!;
      const [org] = await namedTargets(deps.db, 'organisation', { slugs: [slug] });
      if (link)
        await deps.mailer.send(
          invitationMessage(deps.config, member.email, link.secret, {
            organisation: org?.name ?? slug,
            role: member.role,
            invitedBy: session.email,
          }),
        );
      return c.redirect(`/console/organisations/${slug}/members?done=${encodeURIComponent(`Invitation sent to ${member.email}.`)}`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError) return membersPage(c, slug, { values, problems: problems(err), status: 400 });
      throw err;
    }
  });

  app.post('/organisations/:slug/members/remove', async (c) => {
    const slug = c.req.param('slug');
    const body = await c.req.parseBody();
    const removed = await removeMember({ ...ctx(c), organisation: slug, email: String(body.email ?? '') });
    return c.redirect(`/console/organisations/${slug}/members?done=${encodeURIComponent(`${removed.email} removed.`)}`, 303);
  });

  const tokensPage = async (c: Context<ConsoleEnv>, o: { issued?: string; problems?: FieldProblem[]; status?: 200 | 400 } = {}) => {
    const session = c.get('session')!;
    const slug = session.organisation.slug;
    const canManage = session.viewer.scopes.has('manage_members');
    const rows = canManage ? await listTokens({ ...ctx(c), organisation: slug }) : [];
    const errorOf = (f: string) => o.problems?.find((p) => p.field === f)?.message;
    return c.html(
      <Page title="API tokens" session={session} csrfToken={c.get('csrfToken')}>
        <h1>API tokens</h1>
        {o.issued ? (
          <Notice>
            <p>
              <strong>Copy this token now: it is shown only once.</strong>
            </p>
            <code class="secret">{o.issued}</code>
          </Notice>
        ) : null}
        {canManage ? (
          <table>
            <caption>Tokens of {session.organisation.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Holder</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>{t.email}</td>
                  <td>
                    <code>{t.displayPrefix}</code>
                  </td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>{t.revokedAt ? 'revoked' : t.expiresAt.slice(0, 10)}</td>
                  <td>
                    {t.revokedAt ? null : (
                      <form method="post" action={`/console/tokens/${t.id}/revoke`}>
                        <Csrf token={c.get('csrfToken')} />
                        <button type="submit" class="secondary">
                          Revoke {t.name}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <h2>Issue a token for yourself</h2>
        <ErrorSummary problems={o.problems ?? []} labels={{ name: 'Name', scopes: 'Scopes', expiresInDays: 'Days until it expires' }} />
        <form method="post" action="/console/tokens" novalidate>
          <Csrf token={c.get('csrfToken')} />
          <TextInput name="name" label="Name" hint="What it is for, e.g. website import" error={errorOf('name')} />
          <fieldset id="f-scopes" aria-describedby={errorOf('scopes') ? 'f-scopes-error' : undefined}>
            <legend>Scopes</legend>
            {errorOf('scopes') ? (
              <p class="field-error" id="f-scopes-error">
                {errorOf('scopes')}
              </p>
            ) : null}
            {tokenScopeValues
              .filter((s) => session.viewer.scopes.has(s))
              .map((s) => (
                <div class="choice">
                  <input type="checkbox" id={`scope-${s}`} name="scopes" value={s} />
                  <label for={`scope-${s}`} style="margin:0;font-weight:400">
                    {s.replace('_', ' ')}
                  </label>
                </div>
              ))}
          </fieldset>
          <TextInput name="expiresInDays" label="Days until it expires" type="number" value="90" error={errorOf('expiresInDays')} />
          <button type="submit">Issue token</button>
        </form>
      </Page>,
      o.status ?? 200,
    );
  };

  app.get('/tokens', (c) => tokensPage(c));
  app.post('/tokens', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const scopes = (Array.isArray(body.scopes) ? body.scopes : body.scopes ? [body.scopes] : []).map(String) as TokenScope[];
    const days = Number(body.expiresInDays);
    try {
      const issued = await createToken({
        ...ctx(c),
        name: String(body.name ?? ''),
        scopes,
        expiresInDays: Number.isFinite(days) ? days : 0,
      });
      return tokensPage(c, { issued: issued.token });
    } catch (err) {
      if (err instanceof InvalidInputError) return tokensPage(c, { problems: problems(err), status: 400 });
      throw err;
    }
  });
  app.post('/tokens/:id/revoke', async (c) => {
    await revokeToken({ ...ctx(c), tokenId: Number(c.req.param('id')) || 0 });
    return c.redirect('/console/tokens', 303);
  });
  return app;
}
