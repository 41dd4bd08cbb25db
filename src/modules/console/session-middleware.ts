// The console's edge: the session cookie to a person, and every form post checked for its origin and CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import { resolveSession } from '../accounts/sign-in.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { PRESESSION_COOKIE, SESSION_COOKIE, type ConsoleEnv } from './env.ts';

export const cookieOptions = (config: Config) => ({
  httpOnly: true,
  sameSite: 'Lax' as const,
  path: '/',
  secure: config.PUBLIC_URL.startsWith('https:'),
});

export function setSessionCookie(c: Context, config: Config, secret: string, expiresAt: string) {
  setCookie(c, SESSION_COOKIE, secret, { ...cookieOptions(config), expires: new Date(expiresAt) });
}

export const clearSessionCookie = (c: Context, config: Config) => deleteCookie(c, SESSION_COOKIE, cookieOptions(config));

const equal = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Resolves the session (if any) and the CSRF token forms must carry; refuses a post without it. */
export function consoleSession(o: { db: Db; config: Config }) {
  const publicOrigin = new URL(o.config.PUBLIC_URL).origin;
  // Hono's check: a cross-origin form post (by Origin, or Sec-Fetch-Site) is refused before anything else runs.
  const originCheck = csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin });
  const tokenCheck = createMiddleware<ConsoleEnv>(async (c, next) => {
    const secret = getCookie(c, SESSION_COOKIE);
    const session = secret ? await resolveSession({ db: o.db, secret }) : null;
    if (secret && !session) clearSessionCookie(c, o.config);
    let token = session?.csrfToken;
    if (!token) {
      // Before sign-in, a random cookie stands in for the session: the form's hidden field must repeat it.
      let pre = getCookie(c, PRESESSION_COOKIE);
      if (!pre || !/^[A-Za-z0-9_-]{43}$/.test(pre)) {
        pre = randomBytes(32).toString('base64url');
        setCookie(c, PRESESSION_COOKIE, pre, cookieOptions(o.config));
      }
      token = createHash('sha256').update(`pre:${pre}`).digest('hex');
    }
    c.set('session', session);
    c.set('csrfToken', token);
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody({ all: true });
      const sent = body._csrf;
      if (typeof sent !== 'string' || !equal(sent, token)) {
        return c.html(
          '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Form expired · Console</title></head><body><main><h1>This form has expired</h1><p>It did not carry this browser’s security token, so nothing was changed. <a href="/console">Go back to the console</a>, reload the page and try again.</p></main></body></html>',
          403,
        );
      }
    }
    await next();
  });
  return [originCheck, tokenCheck] as const;
}

/** The handler's person; null means the page answers with the sign-in redirect. */
export function requireSession(c: Context<ConsoleEnv>) {
  const session = c.get('session');
  if (!session) return null;
  return session;
}
