// The editorial console at /console: server-rendered forms over the same services and permission matrix as the API.
import { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { createNotifier } from '../editorial/notifications.ts';
import { adminRoutes } from './admin.tsx';
import { signInRoutes } from './auth.tsx';
import { entryRoutes } from './entries.tsx';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { homeRoutes } from './home.tsx';
import { Page } from './layout.tsx';
import { memberRoutes } from './members.tsx';
import { reviewRoutes } from './review.tsx';
import { consoleSession } from './session-middleware.ts';
import { setupRoutes } from './setup.tsx';
import { switchOrganisationRoutes } from './switch-organisation.ts';
import { webhookRoutes } from './webhooks.tsx';
import { importRoutes } from './import.tsx';
import { limitBody } from '../../http/body.ts';

const PUBLIC_PATHS = /^\/console\/(sign-in(\/link)?|setup)$/;

/** Any console form but the spreadsheet upload: far more than the longest entry's text. */
const FORM_MAX_BYTES = 1_000_000;

export function createConsoleRoutes(deps: ConsoleDeps) {
  const full: ConsoleDeps = { ...deps, notify: deps.notify ?? createNotifier(deps) };
  const app = new Hono<ConsoleEnv>();
  app.use('*', async (c, next) => {
    await next();
    // Pages show drafts, tokens and links: never stored by a browser or a proxy.
    c.header('Cache-Control', 'no-store');
  });
  // Bounded before the session check reads the body for its CSRF token.
  const tooLarge = (max: number) => (): never => {
    throw new AppError('PAYLOAD_TOO_LARGE', `This form can send at most ${Math.round(max / 1000)} kB.`);
  };
  const uploads = limitBody(deps.config.CSV_UPLOAD_MAX_BYTES, tooLarge(deps.config.CSV_UPLOAD_MAX_BYTES));
  const forms = limitBody(FORM_MAX_BYTES, tooLarge(FORM_MAX_BYTES));
  app.use('*', (c, next) => (c.req.path === '/console/import' ? uploads : forms)(c, next));
  app.use('*', ...consoleSession(deps));
  app.use('*', async (c, next) => {
    if (c.get('session') || PUBLIC_PATHS.test(c.req.path)) return next();
    return c.req.method === 'GET' ? c.redirect('/console/sign-in') : c.redirect('/console/sign-in', 303);
  });

  app.route('/', signInRoutes(full));
  app.route('/', setupRoutes(full));
  app.route('/', homeRoutes(full));
  app.route('/', entryRoutes(full));
  app.route('/', reviewRoutes(full));
  app.route('/', memberRoutes(full));
  app.route('/', adminRoutes(full));
  app.route('/', switchOrganisationRoutes(full));
  app.route('/', webhookRoutes(full));
  app.route('/', importRoutes(full));

  app.onError((err, c) => {
    const known =
      err instanceof ForbiddenError || (err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED'))
        ? { status: 403 as const, title: 'Not allowed' }
        : err instanceof NotFoundError || (err instanceof AppError && err.code === 'NOT_FOUND')
          ? { status: 404 as const, title: 'Not found' }
          : err instanceof ConflictError
            ? { status: 409 as const, title: 'Someone else changed this first' }
            : err instanceof InvalidInputError || (err instanceof AppError && err.code === 'INVALID_INPUT')
              ? { status: 400 as const, title: 'That did not work' }
              : null;
    if (!known) throw err; // the app's handler logs it and answers with the request id
    return c.html(
      <Page title={known.title} session={c.get('session') ?? null} csrfToken={c.get('csrfToken')}>
        <h1>{known.title}</h1>
        <p>{err.message}</p>
        <p>
          <a href="/console">Back to the console home</a>
        </p>
      </Page>,
      known.status,
    );
  });
  return app;
}
