// The organisation switcher: a person in two organisations acts for one at a time, and only for one they belong to.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditLog } from '../schema/editorial.ts';
import { decide, scopesForRole } from '../src/modules/access/permissions.ts';
import { createCast, type Cast } from './support/editorial-cast.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { ConsoleClient, linkFor, newOutbox, outboxMessages } from './support/console.ts';
import { createOrg } from './support/editorial-mutations.ts';
import { idOf } from './support/graphql.ts';

let t: TestApp;
let cast: Cast;
const outbox = newOutbox();
const dual = `dual-${Date.now()}@example.org`;
let person: ConsoleClient;
let partnerDraft = 0;
let partnerDraftRevision = '';

const acting = (html: string) => /Acting for <strong>([^<]*)<\/strong>/.exec(html)?.[1];
const maintained = (html: string) => /<h2 id="maintained">What (.*?) maintains<\/h2>(.*?)<\/section>/s.exec(html)?.slice(1) ?? [];

/** An admin invites `dual` on their organisation's Members page, as the console does. */
async function invite(admin: ConsoleClient, slug: string, role: string) {
  await admin.get(`/console/organisations/${slug}/members`);
  const res = await admin.post(`/console/organisations/${slug}/members`, { email: dual, role, displayName: 'Dual Member' });
  expect(res.res.status).toBe(303);
}

beforeAll(async () => {
  t = await createTestApp({ env: { OUTBOX_DIR: outbox, SIGN_IN_LIMIT_PER_ADDRESS: '1000' } });
  cast = await createCast(t);
  const adminA = new ConsoleClient(t.app);
  await adminA.signIn(cast.emails.adminA, outbox);
  const partnerAdmin = new ConsoleClient(t.app);
  await partnerAdmin.signIn(cast.emails.partnerAdminP, outbox);
  // A reviewer at host A first, then a contributor at partner P: two invitations, and the second link accepted.
  await invite(adminA, cast.orgs.hostA.slug, 'reviewer');
  const before = outboxMessages(outbox).length;
  await invite(partnerAdmin, cast.orgs.partnerP.slug, 'contributor');
  person = new ConsoleClient(t.app);
  await person.openLink(await linkFor(outbox, dual, before));
  // A draft each organisation maintains, written by someone else.
  await createOrg(t, cast.as.editorA, { slug: 'host-a-draft-trust', name: 'Host A Draft Trust', kind: 'OTHER' });
  const partner = await createOrg(t, cast.as.contributorP, { slug: 'partner-p-draft-trust', name: 'Partner P Draft Trust', kind: 'OTHER' });
  partnerDraft = idOf(partner.entryId);
  partnerDraftRevision = String(idOf(partner.revision.id));
}, 180_000);
afterAll(() => t.close());

describe('an account in two organisations', () => {
  test('acts for its first membership, and the header offers the other', async () => {
    const home = await person.get('/console');
    expect(acting(home.body)).toBe('Host A');
    expect(home.body).toContain('<form method="post" action="/console/organisation" class="switch">');
    expect(home.body).toMatch(new RegExp(`<option value="${cast.orgs.hostA.id}" selected(="")?>Host A</option>`));
    expect(home.body).toContain(`<option value="${cast.orgs.partnerP.id}">Partner P</option>`);
    const [org, list] = maintained(home.body);
    expect(org).toBe('Host A');
    expect(list).toContain('Host A Draft Trust');
    expect(list).not.toContain('Partner P Draft Trust');
    expect((await person.get('/console/review')).res.status).toBe(200);
    // A host reviewer reads the partner's draft but may not work on it.
    await person.get(`/console/entries/organisation/${partnerDraft}`);
    const refused = await person.post(`/console/entries/organisation/${partnerDraft}/submit`, { baseRevisionId: partnerDraftRevision });
    expect(refused.res.status).toBe(403);
  });

  test('switches: every page and post then acts with the other membership’s role', async () => {
    await person.get('/console');
    const res = await person.post('/console/organisation', { organisationId: String(cast.orgs.partnerP.id) });
    expect(res.res.status).toBe(303);
    expect(res.res.headers.get('location')).toBe('/console');
    const home = await person.get('/console');
    expect(acting(home.body)).toBe('Partner P');
    expect(home.body).toContain('You are contributor of <strong>Partner P</strong>');
    const [org, list] = maintained(home.body);
    expect(org).toBe('Partner P');
    expect(list).toContain('Partner P Draft Trust');
    expect(list).not.toContain('Host A Draft Trust');
    // A contributor of the partner: no review queue, but the partner's draft is theirs to work on.
    expect((await person.get('/console/review')).res.status).toBe(403);
    await person.get(`/console/entries/organisation/${partnerDraft}`);
    const submitted = await person.post(`/console/entries/organisation/${partnerDraft}/submit`, { baseRevisionId: partnerDraftRevision });
    expect(submitted.res.status).toBe(303);
    const [row] = await t.handle.db
      .select({ organisationId: auditLog.actorOrganisationId })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'entry.submit'), eq(auditLog.outcome, 'ok'), eq(auditLog.entryId, partnerDraft)));
    expect(row?.organisationId).toBe(cast.orgs.partnerP.id);
  });

  test('the choice is kept by the session, not the page: a new request (another tab) acts for it too', async () => {
    const tab = new ConsoleClient(t.app);
    tab.cookies = new Map(person.cookies);
    expect(acting((await tab.get('/console/sessions')).body)).toBe('Partner P');
  });

  test('a forged organisation id is refused with 403, audited, and changes nothing', async () => {
    await person.get('/console');
    const forged = await person.post('/console/organisation', { organisationId: String(cast.orgs.hostB.id) });
    expect(forged.res.status).toBe(403);
    expect(forged.body).toContain('You can act only for an organisation you are a member of.');
    const denied = await t.handle.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session.switch'), eq(auditLog.outcome, 'denied')));
    expect(denied).toHaveLength(1);
    await person.get('/console');
    const junk = await person.post('/console/organisation', { organisationId: 'host-b' });
    expect(junk.res.status).toBe(400);
    const noToken = await person.post('/console/organisation', { organisationId: String(cast.orgs.hostA.id) }, { csrf: 'x' });
    expect(noToken.res.status).toBe(403);
    expect(acting((await person.get('/console')).body)).toBe('Partner P');
  });

  test('when the membership it acts for ends, the session falls back to the other; with none left, it ends', async () => {
    const partnerAdmin = new ConsoleClient(t.app);
    await partnerAdmin.signIn(cast.emails.partnerAdminP, outbox);
    await partnerAdmin.get(`/console/organisations/${cast.orgs.partnerP.slug}/members`);
    expect((await partnerAdmin.post(`/console/organisations/${cast.orgs.partnerP.slug}/members/remove`, { email: dual })).res.status).toBe(
      303,
    );
    const home = await person.get('/console');
    expect(acting(home.body)).toBe('Host A');
    const [moved] = await t.handle.db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'session.fallback'));
    expect(moved?.details).toMatchObject({ from: cast.orgs.partnerP.id, to: cast.orgs.hostA.id, why: 'membership ended' });
    // One membership left: nothing to switch to.
    expect(home.body).not.toContain('action="/console/organisation"');
    const adminA = new ConsoleClient(t.app);
    await adminA.signIn(cast.emails.adminA, outbox);
    await adminA.get(`/console/organisations/${cast.orgs.hostA.slug}/members`);
    expect((await adminA.post(`/console/organisations/${cast.orgs.hostA.slug}/members/remove`, { email: dual })).res.status).toBe(303);
    const after = await person.get('/console');
    expect(after.res.status).toBe(302);
    expect(after.res.headers.get('location')).toBe('/console/sign-in');
    expect(person.cookies.has('ed_session')).toBe(false);
  });
});

describe('decide: session.switch', () => {
  const member = {
    accountId: 1,
    organisationId: 1,
    tokenId: null,
    role: 'contributor' as const,
    isHost: false,
    scopes: new Set(scopesForRole.contributor),
  };
  test.each([
    ['a session, to an organisation the account belongs to', member, true, true, true],
    ['a session, to one it does not belong to', member, false, true, false],
    ['an API token, even to its own organisation', { ...member, tokenId: 7 }, true, false, false],
    ['nobody signed in', null, true, true, false],
  ] as const)('%s', (_name, actor, isMember, viaSession, allowed) => {
    expect(decide(actor, { kind: 'session.switch', member: isMember, viaSession }).allowed).toBe(allowed);
  });
});
