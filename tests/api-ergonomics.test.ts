// The API's small comforts: slugs proposed from names, who `me` is, and an audit log that names people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, mutate, updateOrg } from './support/editorial-mutations.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app?.close());

describe('a slug left out on create', () => {
  it('is proposed from the name, made unique with -2, -3', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createOrg(app, cast.as.contributorP, { name: 'Civic Data Café', kind: 'CHARITY' }));
    expect(made.map((m) => m.slug)).toEqual(['civic-data-cafe', 'civic-data-cafe-2', 'civic-data-cafe-3']);
    const method = await mutate(
      app,
      'createMethod(input: $i)',
      '$i: MethodInput!',
      { i: { name: '  Citizens’ Jury!  ' } },
      cast.as.editorA,
    );
    expect(method.slug).toBe('citizens-jury');
    const study = await mutate(app, 'createCaseStudy(input: $i)', '$i: CaseStudyInput!', { i: { title: 'Données & IA' } }, cast.as.editorA);
    expect(study.slug).toBe('donnees-ia');
  });

  it('skips an old slug that still redirects to a renamed entry', async () => {
    const c = await createOrg(app, cast.as.contributorP, { name: 'Renamed Later', kind: 'OTHER' });
    expect(c.slug).toBe('renamed-later');
    const s = await move(app, cast.as.contributorP, 'submit', c.entryId, c.revision.id);
    const p = await move(app, cast.as.reviewerA, 'approve', c.entryId, s.revision.id);
    const u = await updateOrg(app, cast.as.contributorP, c.entryId, p.revision.id, { slug: 'renamed-now' });
    const s2 = await move(app, cast.as.contributorP, 'submit', c.entryId, u.revision.id);
    expect((await move(app, cast.as.reviewerA, 'approve', c.entryId, s2.revision.id)).slug).toBe('renamed-now');
    // "renamed-later" still answers for the renamed entry, so a newcomer does not take it.
    expect((await createOrg(app, cast.as.contributorP, { name: 'Renamed later', kind: 'OTHER' })).slug).toBe('renamed-later-2');
  });

  it('is still required, with the title, when there is no title to propose it from', async () => {
    const r = await createOrg(app, cast.as.contributorP, { kind: 'OTHER' });
    expect(r.__typename).toBe('InvalidInput');
    expect(r.fieldErrors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(expect.arrayContaining(['input.name', 'input.slug']));
  });
});

describe('me', () => {
  it('gives the account’s email and its organisations with the role in each', async () => {
    // A person in two organisations: host A's editor also contributes for partner Q.
    await app.graphql(
      `mutation($o: String!, $e: String!) { inviteMember(organisation: $o, email: $e, role: CONTRIBUTOR) { __typename } }`,
      { o: cast.orgs.partnerQ.slug, e: cast.emails.editorA },
      cast.as.adminA,
    );
    const res = await app.graphql(`{ me { email role isHost organisations { slug name role isHost } } }`, {}, cast.as.editorA);
    expect(res.body.data.me).toEqual({
      email: cast.emails.editorA,
      role: 'EDITOR',
      isHost: true,
      organisations: [
        { slug: cast.orgs.hostA.slug, name: 'Host A', role: 'EDITOR', isHost: true },
        { slug: cast.orgs.partnerQ.slug, name: 'Partner Q', role: 'CONTRIBUTOR', isHost: false },
      ],
    });
    expect((await app.graphql(`{ me { email } }`)).body.data.me).toBeNull();
  });
});

describe('the audit log', () => {
  it('names each actor by email and organisation', async () => {
    const c = await createOrg(app, cast.as.contributorP, { name: 'Audited', kind: 'OTHER' });
    const log = await app.graphql(
      `{ auditLog(first: 20) { action outcome actorEmail actorOrganisation { slug name } entryId } }`,
      {},
      cast.as.adminA,
    );
    const created = log.body.data.auditLog.find((e: { action: string }) => e.action === 'entry.create');
    expect(created).toMatchObject({
      outcome: 'ok',
      actorEmail: cast.emails.contributorP,
      actorOrganisation: { slug: cast.orgs.partnerP.slug, name: 'Partner P' },
    });
    expect(c.__typename).toBe('EditResult');
  });
});
