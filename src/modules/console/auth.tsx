// Signing in by emailed link, signing out, and a person's own sessions.
import { Hono } from 'hono';
import { z } from 'zod';
import { createSignInLink, listSessions, redeemSignInLink, revokeSession } from '../accounts/sign-in.ts';
import { clientAddress, createSignInLimiter } from './sign-in-limit.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Csrf, ErrorSummary, Notice, Page, TextInput } from './layout.tsx';
import { signInMessage } from './messages.ts';
import { clearSessionCookie, setSessionCookie } from './session-middleware.ts';
import { instantInWords } from './diff.tsx';

const emailSchema = z.email().max(320);

export function signInRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const limiter = createSignInLimiter({ perEmail: deps.config.SIGN_IN_LIMIT, perAddress: deps.config.SIGN_IN_LIMIT_PER_ADDRESS });

  const signInPage = (c: any, o: { email?: string; error?: string; status?: 200 | 400 | 429; notice?: string }) =>
    c.html(
      <Page title="Sign in" session={null}>
        <h1>Sign in</h1>
        {o.notice ? <Notice>{o.notice}</Notice> : null}
        <ErrorSummary problems={o.error ? [{ field: 'email', message: o.error }] : []} labels={{ email: 'Email address' }} />
        <p>We will email you a link that signs you in. There is no password.</p>
        <form method="post" action="/console/sign-in" novalidate>
          <Csrf token={c.get('csrfToken')} />
          <TextInput name="email" label="Email address" type="email" autocomplete="email" value={o.email} error={o.error} />
          <button type="submit">Email me a sign-in link</button>
        </form>
      </Page>,
      o.status ?? 200,
    );

  app.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect('/console');
    return signInPage(c, { notice: c.req.query('signed-out') !== undefined ? 'You have signed out.' : undefined });
  });

  app.post('/sign-in', async (c) => {
    const body = await c.req.parseBody();
    const raw = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const parsed = emailSchema.safeParse(raw);
    if (!parsed.success) return signInPage(c, { email: raw, error: 'Enter an email address, like name@example.org', status: 400 });
    const limit = limiter.allow({ address: clientAddress(c), email: parsed.data });
    if (!limit.allowed) {
      return c.html(
        <Page title="Too many sign-in requests" session={null}>
          <h1>Too many sign-in requests</h1>
          <p>To protect accounts, sign-in links are limited. Try again in {limit.retryAfterMinutes} minutes.</p>
        </Page>,
        429,
        { 'Retry-After': String(limit.retryAfterMinutes * 60) },
      );
    }
    // Looked up and mailed after the answer is decided: the page (and its timing) is the same with or without an account.
    const send = async () => {
      const link = await createSignInLink({ db: deps.db, email: parsed.data, purpose: 'sign_in' });
      if (link) await deps.mailer.send(signInMessage(deps.config, parsed.data, link.secret));
    };
    send().catch((err) => deps.logger.error('sign-in mail failed', { requestId: c.get('requestId'), error: String(err) }));
    return c.html(
      <Page title="Check your email" session={null}>
        <h1>Check your email</h1>
        <p>
          If <strong>{parsed.data}</strong> belongs to a member of the directory, a sign-in link is on its way. It works once, for 20
          minutes.
        </p>
        <p>
          <a href="/console/sign-in">Use another address</a>
        </p>
      </Page>,
    );
  });

  // The link lands on a page with a button: mail scanners that fetch links do not spend them.
  app.get('/sign-in/link', (c) => {
    const code = c.req.query('code') ?? '';
    return c.html(
      <Page title="Sign in" session={null}>
        <h1>Sign in to the console</h1>
        <form method="post" action="/console/sign-in/link">
          <Csrf token={c.get('csrfToken')} />
          <input type="hidden" name="code" value={code} />
          <button type="submit">Sign in</button>
        </form>
      </Page>,
    );
  });

  app.post('/sign-in/link', async (c) => {
    const body = await c.req.parseBody();
    const opened = await redeemSignInLink({
      db: deps.db,
      secret: typeof body.code === 'string' ? body.code : '',
      sessionDays: deps.config.SESSION_DAYS,
      userAgent: c.req.header('user-agent') ?? null,
      requestId: c.get('requestId'),
    });
    if (!opened) {
      return c.html(
        <Page title="Link not valid" session={null}>
          <h1>This link does not work any more</h1>
          <p>Sign-in links work once and for a short time. Ask for a new one.</p>
          <p>
            <a href="/console/sign-in">Get a new sign-in link</a>
          </p>
        </Page>,
        400,
      );
    }
    setSessionCookie(c, deps.config, opened.sessionSecret, opened.expiresAt);
    return c.redirect('/console', 303);
  });

  app.post('/sign-out', async (c) => {
    const session = c.get('session');
    if (session) await revokeSession({ db: deps.db, viewer: session.viewer, sessionId: session.sessionId, requestId: c.get('requestId') });
    clearSessionCookie(c, deps.config);
    return c.redirect('/console/sign-in?signed-out', 303);
  });

  app.get('/sessions', async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/console/sign-in');
    const rows = await listSessions({ db: deps.db, accountId: session.viewer.accountId });
    return c.html(
      <Page title="Your sessions" session={session} csrfToken={c.get('csrfToken')}>
        <h1>Where you are signed in</h1>
        <table>
          <caption class="visually-hidden">Your sessions</caption>
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">Ends</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  {r.userAgent ?? 'unknown'}
                  {r.id === session.sessionId ? ' (this browser)' : ''}
                </td>
                <td>{instantInWords(r.createdAt, 'UTC')}</td>
                <td>{instantInWords(r.lastSeenAt, 'UTC')}</td>
                <td>{instantInWords(r.expiresAt, 'UTC')}</td>
                <td>
                  <form method="post" action={`/console/sessions/${r.id}/revoke`}>
                    <Csrf token={c.get('csrfToken')} />
                    <button type="submit" class="secondary">
                      Sign out this session
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });

  app.post('/sessions/:id/revoke', async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/console/sign-in', 303);
    const id = Number(c.req.param('id'));
    if (Number.isInteger(id)) await revokeSession({ db: deps.db, viewer: session.viewer, sessionId: id, requestId: c.get('requestId') });
    if (id === session.sessionId) {
      clearSessionCookie(c, deps.config);
      return c.redirect('/console/sign-in?signed-out', 303);
    }
    return c.redirect('/console/sessions', 303);
  });

  return app;
}
