// Members, tokens, hosts and the audit log in the console: the same services and matrix as the API.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCast, type Cast, type Person } from './support/editorial-cast.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { ConsoleClient, linkFor, newOutbox } from './support/console.ts';

let t: TestApp;
let cast: Cast;
const outbox = newOutbox();
const email = (person: Person) => cast.emails[person];

beforeAll(async () => {
  t = await createTestApp({ env: { OUTBOX_DIR: outbox, SIGN_IN_LIMIT_PER_ADDRESS: '1000' } });
  cast = await createCast(t);
}, 180_000);
afterAll(() => t.close());

describe('API tokens', () => {
  test('a token is issued with chosen scopes and shown once, works on /graphql, and is revoked from the console', async () => {
    const me = new ConsoleClient(t.app);
    await me.signIn(email('partnerAdminP'), outbox);
    await me.get('/console/tokens');
    const tooMuch = await me.post('/console/tokens', { name: 'import', scopes: [], expiresInDays: '30' });
    expect(tooMuch.res.status).toBe(400);
    expect(tooMuch.body).toMatch(/id="f-scopes-error"[^>]*>name at least one scope/);
    const issued = await me.post('/console/tokens', { name: 'website import', scopes: ['write_entries'], expiresInDays: '30' });
    const token = /<code class="secret">(edir_[A-Za-z0-9_-]+)<\/code>/.exec(issued.body)![1]!;
    expect(issued.res.headers.get('cache-control')).toBe('no-store');
    const who = await t.graphql('{ me { role scopes } }', {}, { authorization: `Bearer ${token}` });
    expect(who.status).toBe(200);
    const listing = await me.get('/console/tokens');
    expect(listing.body).not.toContain(token);
    const id = /action="\/console\/tokens\/(\d+)\/revoke"[\s\S]*?Revoke website import/.exec(listing.body)![1]!;
    await me.post(`/console/tokens/${id}/revoke`, {});
    const after = await t.graphql('{ me { role scopes } }', {}, { authorization: `Bearer ${token}` });
    expect(after.status).toBe(401);
  });
});

describe('hosts', () => {
  test('one host admin proposes a host, an admin of another host approves, and its first admin is invited by link', async () => {
    const a = new ConsoleClient(t.app);
    await a.signIn(email('adminA'), outbox);
    await a.get('/console/hosts');
    const proposed = await a.post('/console/hosts', { organisation: cast.orgs.partnerQ.slug, firstAdminEmail: 'first-admin@q.example' });
    expect(proposed.res.status).toBe(303);
    const listing = await a.get('/console/hosts');
    expect(listing.body).toContain('Partner Q, first admin first-admin@q.example');
    const id = /action="\/console\/hosts\/(\d+)\/approve"/.exec(listing.body)![1]!;
    // Its own proposer may not approve it.
    expect((await a.post(`/console/hosts/${id}/approve`, {})).res.status).toBe(403);
    const b = new ConsoleClient(t.app);
    await b.signIn(email('adminB'), outbox);
    await b.get('/console/hosts');
    expect((await b.post(`/console/hosts/${id}/approve`, {})).res.headers.get('location')).toBe('/console/hosts?done=Approved.');
    const newcomer = new ConsoleClient(t.app);
    await newcomer.openLink(await linkFor(outbox, 'first-admin@q.example'));
    const home = await newcomer.get('/console');
    expect(home.body).toContain('You are admin of <strong>Partner Q</strong>, a host of the directory');
  });

  test('the audit log is for host admins, and shows console sign-ins', async () => {
    const admin = new ConsoleClient(t.app);
    await admin.signIn(email('adminA'), outbox);
    const audit = await admin.get('/console/audit');
    expect(audit.res.status).toBe(200);
    expect(audit.body).toContain('session.create');
    const editor = new ConsoleClient(t.app);
    await editor.signIn(email('editorA'), outbox);
    expect((await editor.get('/console/audit')).res.status).toBe(403);
    expect((await editor.get('/console/hosts')).res.status).toBe(403);
  });
});
