// Sign-in for people: links by email, sessions, sign-out and revocation, CSRF, rate limits, no account enumeration.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sessions } from '../schema/sessions.ts';
import { createCast, type Cast, type Person } from './support/editorial-cast.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { ConsoleClient, linkFor, newOutbox, outboxMessages } from './support/console.ts';
import { eventually } from './support/eventually.ts';

let t: TestApp;
let cast: Cast;
const outbox = newOutbox();
const email = (person: Person) => cast.emails[person];

beforeAll(async () => {
  t = await createTestApp({ env: { OUTBOX_DIR: outbox, SIGN_IN_LIMIT: '3', SIGN_IN_LIMIT_PER_ADDRESS: '1000' } });
  cast = await createCast(t);
}, 180_000);
afterAll(() => t.close());

describe('signing in', () => {
  test('a member asks for a link, opens it from the outbox and is signed in with an HttpOnly Lax cookie', async () => {
    const browser = new ConsoleClient(t.app);
    const home = await browser.get('/console');
    expect(home.res.status).toBe(302);
    expect(home.res.headers.get('location')).toBe('/console/sign-in');
    const signedIn = await browser.signIn(email('editorA'), outbox);
    expect(signedIn.res.status).toBe(303);
    const cookie = signedIn.res.headers.getSetCookie().find((c) => c.startsWith('ed_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    const page = await browser.get('/console');
    expect(page.res.status).toBe(200);
    expect(page.body).toContain('You are editor of <strong>Host A</strong>');
    expect(page.res.headers.get('cache-control')).toBe('no-store');
  });

  test('the database keeps only a hash of the session secret', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.signIn(email('reviewerA'), outbox);
    const secret = browser.cookies.get('ed_session')!;
    const rows = await t.handle.db.select({ hash: sessions.secretHash }).from(sessions);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.hash === secret)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });

  test('a link works once', async () => {
    const browser = new ConsoleClient(t.app);
    const before = outboxMessages(outbox).length;
    await browser.get('/console/sign-in');
    await browser.post('/console/sign-in', { email: email('adminB') });
    const link = await linkFor(outbox, email('adminB'), before);
    expect((await browser.openLink(link)).res.status).toBe(303);
    const again = await new ConsoleClient(t.app).openLink(link);
    expect(again.res.status).toBe(400);
    expect(again.body).toContain('This link does not work any more');
  });

  test('the answer is the same for an address with no account, and nothing is mailed to it', async () => {
    const known = new ConsoleClient(t.app);
    await known.get('/console/sign-in');
    const a = await known.post('/console/sign-in', { email: email('editorB') });
    const stranger = new ConsoleClient(t.app);
    await stranger.get('/console/sign-in');
    const b = await stranger.post('/console/sign-in', { email: 'nobody-here@example.org' });
    expect(a.res.status).toBe(b.res.status);
    const strip = (html: string) => html.replace(/<strong>[^<]*<\/strong>/, '');
    expect(strip(a.body)).toBe(strip(b.body));
    await linkFor(outbox, email('editorB'));
    expect(outboxMessages(outbox).some((m) => m.includes('nobody-here@example.org'))).toBe(false);
  });

  test('a malformed address gets a field error beside the field', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.get('/console/sign-in');
    const res = await browser.post('/console/sign-in', { email: 'not an address' });
    expect(res.res.status).toBe(400);
    expect(res.body).toContain('aria-describedby="f-email-error"');
    expect(res.body).toContain('There is a problem');
  });
});

describe('sessions end', () => {
  test('signing out ends the session: the old cookie no longer signs in', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.signIn(email('editorB'), outbox);
    const secret = browser.cookies.get('ed_session')!;
    await browser.get('/console');
    expect((await browser.post('/console/sign-out', {})).res.headers.get('location')).toBe('/console/sign-in?signed-out');
    const replay = await t.app.request('/console', { headers: { cookie: `ed_session=${secret}` } });
    expect(replay.status).toBe(302);
  });

  test('a session revoked from another browser stops working there', async () => {
    const laptop = new ConsoleClient(t.app);
    const phone = new ConsoleClient(t.app);
    await laptop.signIn(email('reviewerB'), outbox);
    await phone.signIn(email('reviewerB'), outbox);
    const list = await laptop.get('/console/sessions');
    const ids = [...list.body.matchAll(/\/console\/sessions\/(\d+)\/revoke/g)].map((m) => Number(m[1]));
    expect(ids.length).toBe(2);
    const phoneSession = Math.max(...ids); // newest
    await laptop.post(`/console/sessions/${phoneSession}/revoke`, {});
    expect((await phone.get('/console')).res.status).toBe(302);
    expect((await laptop.get('/console')).res.status).toBe(200);
  });

  test('a member removed from their organisation is signed out', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.signIn(email('contributorQ'), outbox);
    expect((await browser.get('/console')).res.status).toBe(200);
    const admin = new ConsoleClient(t.app);
    await admin.signIn(email('adminA'), outbox);
    await admin.get(`/console/organisations/${cast.orgs.partnerQ.slug}/members`);
    const removed = await admin.post(`/console/organisations/${cast.orgs.partnerQ.slug}/members/remove`, { email: email('contributorQ') });
    expect(removed.res.status).toBe(303);
    expect((await browser.get('/console')).res.status).toBe(302);
  });

  test('an expired session is refused', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.signIn(email('partnerAdminP'), outbox);
    // No person can age a session; the clock is moved in the table instead.
    await t.handle.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(sessions.accountId, cast.accountIds.partnerAdminP));
    expect((await browser.get('/console')).res.status).toBe(302);
  });
});

describe('CSRF', () => {
  test('a post without the form token is refused and changes nothing', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.signIn(email('editorA'), outbox);
    await browser.get('/console/entries/new/method');
    const res = await browser.post(
      '/console/entries/new/method',
      { _do: 'save', name: 'Forged method', slug: 'forged-method' },
      { csrf: 'x'.repeat(64) },
    );
    expect(res.res.status).toBe(403);
    expect(res.body).toContain('This form has expired');
    const ok = await browser.get('/console');
    expect(ok.body).not.toContain('Forged method');
  });

  test('a post from another origin is refused even with the token', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.signIn(email('editorA'), outbox);
    await browser.get('/console/sessions');
    const res = await browser.post('/console/sign-out', {}, { origin: 'https://evil.example' });
    expect(res.res.status).toBe(403);
    expect((await browser.get('/console')).res.status).toBe(200);
  });

  test("one session's token does not work for another session", async () => {
    const a = new ConsoleClient(t.app);
    const b = new ConsoleClient(t.app);
    // Each person has a budget of three sign-in requests in this file (SIGN_IN_LIMIT): these two have some left.
    await a.signIn(email('adminB'), outbox);
    await b.signIn(email('partnerAdminP'), outbox);
    await a.get('/console');
    const stolen = /name="_csrf" value="([^"]+)"/.exec(a.last)![1]!;
    await b.get('/console');
    expect((await b.post('/console/sign-out', {}, { csrf: stolen })).res.status).toBe(403);
  });

  test('the sign-in form itself needs its pre-session token', async () => {
    const browser = new ConsoleClient(t.app);
    await browser.get('/console/sign-in');
    expect((await browser.post('/console/sign-in', { email: email('editorA') }, { csrf: 'nope' })).res.status).toBe(403);
  });
});

describe('rate limiting', () => {
  test('sign-in requests for one address are limited, whoever asks', async () => {
    const target = email('reviewerA');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const browser = new ConsoleClient(t.app);
      await browser.get('/console/sign-in');
      statuses.push((await browser.post('/console/sign-in', { email: target })).res.status);
    }
    // reviewerA signed in once above (one request), so the limit of 3 is reached after two more.
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.at(-1)).toBe(429);
  });

  test('an unknown address is limited exactly like a known one (no enumeration by the limit)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const browser = new ConsoleClient(t.app);
      await browser.get('/console/sign-in');
      statuses.push((await browser.post('/console/sign-in', { email: 'ghost@example.org' })).res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  test('one client address asking for many emails is limited too', async () => {
    const limited = await createTestApp({ env: { OUTBOX_DIR: newOutbox(), SIGN_IN_LIMIT_PER_ADDRESS: '2' } });
    try {
      const statuses: number[] = [];
      for (const who of ['a', 'b', 'c']) {
        const browser = new ConsoleClient(limited.app);
        await browser.get('/console/sign-in');
        statuses.push((await browser.post('/console/sign-in', { email: `${who}@example.org` })).res.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  test('behind a trusted proxy, each forwarded client has its own budget', async () => {
    const env = { OUTBOX_DIR: newOutbox(), SIGN_IN_LIMIT_PER_ADDRESS: '2', TRUSTED_PROXIES: 'loopback' };
    const limited = await createTestApp({ env });
    // As @hono/node-server hands the socket to the app: every request comes from the proxy on loopback.
    const behindProxy = (client: string) => ({
      request: (path: string, init: RequestInit = {}) =>
        limited.app.request(
          path,
          { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': client } },
          { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
        ),
    });
    try {
      const statuses: number[] = [];
      for (const [client, who] of [
        ['203.0.113.1', 'a'],
        ['203.0.113.1', 'b'],
        ['203.0.113.1', 'c'],
        ['203.0.113.2', 'd'],
      ]) {
        const browser = new ConsoleClient(behindProxy(client!));
        await browser.get('/console/sign-in');
        statuses.push((await browser.post('/console/sign-in', { email: `${who}@example.org` })).res.status);
      }
      expect(statuses).toEqual([200, 200, 429, 200]);
    } finally {
      await limited.close();
    }
  });
});

test('sign-in mail waits for nothing: the outbox receives it after the answer', async () => {
  const browser = new ConsoleClient(t.app);
  await browser.get('/console/sign-in');
  const before = outboxMessages(outbox).length;
  await browser.post('/console/sign-in', { email: email('adminA') });
  const mine = () =>
    outboxMessages(outbox)
      .slice(before)
      .filter((m) => m.includes(`To: ${email('adminA').toLowerCase()}`));
  await eventually(async () => mine().length > 0);
  expect(mine()[0]).toMatch(/^Subject: Your sign-in link for the Engagement Directory/m);
});
