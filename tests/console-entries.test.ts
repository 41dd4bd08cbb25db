// The console's entry forms, review and permission matrix, through the same services as the API; notices by email.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditLog } from '../schema/editorial.ts';
import { createTopic } from '../seed/factories.ts';
import { createCast, type Cast, type Person } from './support/editorial-cast.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { ConsoleClient, newOutbox, outboxMessages } from './support/console.ts';
import { eventually } from './support/eventually.ts';
import { createOrg, move } from './support/editorial-mutations.ts';

let t: TestApp;
let cast: Cast;
const outbox = newOutbox();
const email = (person: Person) => cast.emails[person];
const as: Record<string, ConsoleClient> = {};
let eventId = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { OUTBOX_DIR: outbox, SIGN_IN_LIMIT_PER_ADDRESS: '1000' } });
  cast = await createCast(t);
  // The shared taxonomy comes with the install (the seed); host admins change it through review, not tested here.
  await createTopic({ db: t.handle.db, slug: 'health-data', label: 'Health data' });
  for (const person of ['contributorP', 'contributorQ', 'reviewerA', 'reviewerB', 'adminA'] as const) {
    as[person] = new ConsoleClient(t.app);
    await as[person].signIn(email(person), outbox);
  }
}, 180_000);
afterAll(() => t.close());

const mailTo = (address: string) => outboxMessages(outbox).filter((m) => m.includes(`To: ${address.toLowerCase()}`));

describe('creating an entry', () => {
  test('the quick form shows field errors beside each field, from the services’ rules, keeping what was typed', async () => {
    const me = as.contributorP!;
    await me.get('/console/entries/new/event');
    const res = await me.post('/console/entries/new/event', {
      _form: 'quick',
      _do: 'save',
      title: 'Data walk <script>',
      slug: 'Not A Slug',
      startsAt: '',
      timeZone: 'Europe/London',
      format: 'in_person',
    });
    expect(res.res.status).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toMatch(/id="f-slug-error"[^>]*>.*must be lower-case words joined by single hyphens/s);
    expect(res.body).toContain('aria-describedby="f-slug-hint f-slug-error"');
    expect(res.body).toContain('value="Data walk &lt;script&gt;"');
    expect(res.body).not.toContain('<script>');
  });

  test('a draft saves with what it has; submitting it names, beside each field, what it still lacks', async () => {
    const me = as.contributorP!;
    await me.get('/console/entries/new/event');
    const saved = await me.post('/console/entries/new/event', {
      _form: 'quick',
      _do: 'save',
      title: 'Half-planned data walk',
      startsAt: '',
      timeZone: 'Europe/London',
      format: '',
    });
    expect(saved.res.status).toBe(303);
    const editUrl = saved.res.headers.get('location')!.replace(/\?saved$/, '');
    const home = await me.get('/console');
    expect(home.body).toContain('Half-planned data walk');

    const page = await me.get(editUrl);
    const base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    const refused = await me.post(`${editUrl}/submit`, { baseRevisionId: base });
    expect(refused.res.status).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toMatch(/id="f-startsAt-error"[^>]*>.*is required before the entry can be submitted/s);
    expect(refused.body).toMatch(/id="f-format-error"[^>]*>.*is required before the entry can be submitted/s);
    expect(refused.body).toContain('value="Half-planned data walk"');
    expect((await me.get(editUrl)).body).toContain('<span class="state">draft</span>');

    const completed = await me.post(editUrl, {
      _do: 'save',
      baseRevisionId: base,
      title: 'Half-planned data walk',
      slug: 'half-planned-data-walk',
      startsAt: '2031-05-04T10:00',
      timeZone: 'Europe/London',
      format: 'in_person',
      status: 'scheduled',
    });
    expect(completed.res.status).toBe(303);
    const next = /name="baseRevisionId" value="(\d+)"/.exec((await me.get(editUrl)).body)![1]!;
    const submitted = await me.post(`${editUrl}/submit`, { baseRevisionId: next });
    expect(submitted.res.status).toBe(303);
    expect((await me.get(editUrl)).body).toContain('<span class="state">submitted</span>');
  });

  test('the full form edits a case study’s links as rows (address, label, kind), a blank row offered for the next', async () => {
    const me = as.contributorP!;
    await me.get('/console/entries/new/caseStudy');
    const created = await me.post('/console/entries/new/caseStudy', { _form: 'quick', _do: 'save', title: 'Linked dialogue' });
    expect(created.res.status).toBe(303);
    const editUrl = created.res.headers.get('location')!.replace(/\?saved$/, '');
    const page = await me.get(editUrl);
    expect(page.body).toContain('<label for="f-links-0-url">Address of a new link</label>');
    const base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    const form = { baseRevisionId: base, title: 'Linked dialogue', slug: 'linked-dialogue', _do: 'save' };

    const bad = await me.post(editUrl, {
      ...form,
      'links.0.url': 'ftp://example.org/report',
      'links.0.label': '',
      'links.0.kind': 'report',
    });
    expect(bad.res.status).toBe(400);
    expect(bad.body).toMatch(/id="f-links-error"[^>]*>link 1 \(url\): must be an absolute http\(s\) address/);
    expect(bad.body).toContain('value="ftp://example.org/report"');

    const good = await me.post(editUrl, {
      ...form,
      'links.0.url': 'https://example.org/report.pdf',
      'links.0.label': 'Final report',
      'links.0.kind': 'report',
      'links.1.url': '',
      'links.1.label': '',
      'links.1.kind': 'website',
    });
    expect(good.res.status).toBe(303);
    const after = await me.get(editUrl);
    expect(after.body).toContain('value="https://example.org/report.pdf"');
    expect(after.body).toContain('value="Final report"');
    expect(after.body).toContain('<label for="f-links-1-url">Address of a new link</label>');
  });

  test('links are chosen by searching names, without JavaScript: a search re-shows the form with what was typed', async () => {
    const me = as.contributorP!;
    await me.get('/console/entries/new/event');
    const res = await me.post('/console/entries/new/event', {
      _form: 'quick',
      _do: 'find:topics',
      'find.topics': 'health',
      title: 'Kept title',
    });
    expect(res.res.status).toBe(200);
    expect(res.body).toContain('value="health-data"');
    expect(res.body).toContain('Health data');
    expect(res.body).toContain('value="Kept title"');
  });

  test('a contributor saves a draft event with a topic and an organiser', async () => {
    const me = as.contributorP!;
    await me.get('/console/entries/new/event');
    const res = await me.post('/console/entries/new/event', {
      _form: 'quick',
      _do: 'save',
      title: 'Data walk in the park',
      slug: 'data-walk-in-the-park',
      startsAt: '2031-05-02T18:30',
      timeZone: 'Europe/London',
      format: 'in_person',
      description: 'A walk.',
      topics: 'health-data',
      organisers: cast.orgs.partnerP.slug,
      [`organisers.role.${cast.orgs.partnerP.slug}`]: 'host',
    });
    expect(res.res.status).toBe(303);
    const location = res.res.headers.get('location')!;
    eventId = Number(/\/console\/entries\/event\/(\d+)\?saved/.exec(location)![1]);
    const page = await me.get(location);
    expect(page.body).toContain('Draft saved.');
    // 18:30 in London in May is 17:30 UTC, shown back in local time.
    expect(page.body).toContain('value="2031-05-02T18:30"');
    expect(page.body).toMatch(/value="health-data" checked/);
    expect(page.body).toMatch(/<option value="host" selected/);
    const home = await me.get('/console');
    expect(home.body).toMatch(/My drafts<\/h2><ul><li><a href="\/console\/entries\/event\/\d+">Event: Data walk in the park/);
  });
});

describe('a change nobody here may decide', () => {
  test('the review page says why instead of offering buttons that would be refused; a reviewer of the other host gets them', async () => {
    const author = as.adminA!;
    await author.get('/console/entries/new/event');
    const made = await author.post('/console/entries/new/event', {
      _form: 'quick',
      _do: 'save',
      title: 'Host A open evening',
      slug: 'host-a-open-evening',
      startsAt: '2031-06-02T18:30',
      timeZone: 'Europe/London',
      format: 'in_person',
      description: 'An evening.',
    });
    expect(made.res.status).toBe(303);
    const id = Number(/\/console\/entries\/event\/(\d+)\?saved/.exec(made.res.headers.get('location')!)![1]);
    const form = await author.get(`/console/entries/event/${id}`);
    const base = /name="baseRevisionId" value="(\d+)"/.exec(form.body)![1]!;
    expect((await author.post(`/console/entries/event/${id}/submit`, { baseRevisionId: base })).res.status).toBe(303);
    const approve = 'value="approve"';
    const own = await author.get(`/console/review/event/${id}`);
    expect(own.body).toContain('You cannot decide this change: Nobody reviews their own change.');
    expect(own.body).not.toContain(approve);
    // Where to find that other person: the author's own organisation's members page, which answers.
    const members = /href="(\/console\/organisations\/[^"]+\/members)">Members<\/a> page if nobody else can/.exec(own.body)![1]!;
    expect((await author.get(members)).res.status).toBe(200);
    // Two hosts: a colleague of the author's host is not the second pair of eyes either.
    const colleague = await as.reviewerA!.get(`/console/review/event/${id}`);
    expect(colleague.body).toContain('must be reviewed by someone from a different host organisation');
    expect(colleague.body).not.toContain(approve);
    const other = new ConsoleClient(t.app);
    await other.signIn(email('reviewerB'), outbox);
    const offered = await other.get(`/console/review/event/${id}`);
    expect(offered.body).toContain(approve);
    expect(offered.body).not.toContain('You cannot decide this change');
    const decided = await other.post(`/console/review/event/${id}`, {
      baseRevisionId: /name="baseRevisionId" value="(\d+)"/.exec(offered.body)![1]!,
      decision: 'approve',
    });
    expect(decided.res.headers.get('location')).toBe('/console/review?done=approve');
  });
});

describe('the permission matrix on console routes', () => {
  test('a contributor of another organisation is refused the edit form and its post, and the refusals are audited', async () => {
    const other = as.contributorQ!;
    const form = await other.get(`/console/entries/event/${eventId}`);
    expect(form.res.status).toBe(403);
    expect(form.body).not.toContain('Data walk in the park');
    await other.get('/console');
    const post = await other.post(`/console/entries/event/${eventId}`, { _do: 'save', title: 'Hijacked', baseRevisionId: '1' });
    expect(post.res.status).toBe(403);
    const submit = await other.post(`/console/entries/event/${eventId}/submit`, { baseRevisionId: '1' });
    expect([403, 404]).toContain(submit.res.status);
    const mine = await as.contributorP!.get(`/console/entries/event/${eventId}`);
    expect(mine.body).toContain('Data walk in the park');
    expect(mine.body).not.toContain('Hijacked');
    const denied = await t.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorAccountId, cast.accountIds.contributorQ), eq(auditLog.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  test('a contributor is refused the review queue, the audit log and another organisation’s members', async () => {
    const other = as.contributorQ!;
    expect((await other.get('/console/review')).res.status).toBe(403);
    expect((await other.get('/console/audit')).res.status).toBe(403);
    expect((await other.get(`/console/organisations/${cast.orgs.partnerP.slug}/members`)).res.status).toBe(403);
  });

  test('a contributor cannot create a topic (host admins only), and is told why', async () => {
    const me = as.contributorP!;
    await me.get('/console/entries/new/topic');
    const res = await me.post('/console/entries/new/topic', { _form: 'quick', _do: 'save', label: 'My topic', slug: 'my-topic' });
    expect(res.res.status).toBe(403);
    expect(res.body).toContain('Only host admins may change the shared topic taxonomy.');
  });
});

describe('submitting and reviewing', () => {
  test('submitting tells the reviewers who may decide it, by email', async () => {
    const me = as.contributorP!;
    const page = await me.get(`/console/entries/event/${eventId}`);
    const base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    const res = await me.post(`/console/entries/event/${eventId}/submit`, { baseRevisionId: base, message: 'Please check the time' });
    expect(res.res.status).toBe(303);
    for (const reviewer of ['reviewerA', 'adminA', 'reviewerB', 'adminB'] as const) {
      // This change's notice, not any: another test's submission may have told some of them of its own.
      await eventually(async () =>
        mailTo(email(reviewer)).some((m) => m.includes('Subject: Waiting for review') && m.includes('Data walk in the park')),
      );
    }
    // Editors and partners review nothing: they are not told.
    expect(mailTo(email('editorA')).some((m) => m.includes('Waiting for review'))).toBe(false);
  });

  test('a reviewer sees the field diff; request changes needs a reason, and the author is told it', async () => {
    const reviewer = as.reviewerA!;
    const queue = await reviewer.get('/console/review');
    expect(queue.body).toContain(`/console/review/event/${eventId}`);
    const page = await reviewer.get(`/console/review/event/${eventId}`);
    expect(page.body).toContain('A new entry: every field is new.');
    expect(page.body).toContain('<th scope="row">Title</th><td>(empty)</td><td><ins>Data walk in the park</ins>');
    // Linked entries by name, with their roles, not ids.
    expect(page.body).toContain('<th scope="row">Organisers</th><td>(empty)</td><td><ins>Partner P (host)</ins>');
    expect(page.body).toContain('<th scope="row">Topics</th><td>(empty)</td><td><ins>Health data</ins>');
    // The time where the event happens, in words; not the UTC text the snapshot keeps.
    expect(page.body).toContain('<th scope="row">Starts</th><td>(empty)</td><td><ins>Friday 2 May 2031, 18:30 (Europe/London)</ins>');
    expect(page.body).not.toContain('2031-05-02T17:30');
    // Lists left empty (null against []) and fields the new entry leaves unset are no change.
    expect(page.body).not.toContain('<td>(empty)</td><td>(empty)</td>');
    expect(page.body).not.toMatch(/<th scope="row">(Methods|Places|Ends|Venue)</);
    expect(page.body).not.toMatch(/topicIds|organiserRoles/);
    const base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    const noReason = await reviewer.post(`/console/review/event/${eventId}`, {
      baseRevisionId: base,
      decision: 'request_changes',
      reason: ' ',
    });
    expect(noReason.res.status).toBe(400);
    expect(noReason.body).toContain('id="f-reason-error"');
    const asked = await reviewer.post(`/console/review/event/${eventId}`, {
      baseRevisionId: base,
      decision: 'request_changes',
      reason: 'Add a venue, please.',
    });
    expect(asked.res.status).toBe(303);
    await eventually(async () =>
      mailTo(email('contributorP')).some((m) => m.includes('needs changes') && m.includes('Add a venue, please.')),
    );
    // Exactly once each: by now a second copy of either notice would have been written too.
    expect(mailTo(email('contributorP')).filter((m) => m.includes('needs changes'))).toHaveLength(1);
    for (const person of ['reviewerA', 'adminA', 'reviewerB', 'adminB'] as const) {
      expect(
        mailTo(email(person)).filter((m) => m.includes('Waiting for review: Event') && m.includes('Data walk in the park')),
      ).toHaveLength(1);
    }
    const back = await as.contributorP!.get(`/console/entries/event/${eventId}`);
    expect(back.body).toContain('Add a venue, please.');
  });

  test('after another submit, a reviewer approves: the author is told and the event is public', async () => {
    const me = as.contributorP!;
    let page = await me.get(`/console/entries/event/${eventId}`);
    let base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    const edited = await me.post(`/console/entries/event/${eventId}`, {
      _do: 'save',
      baseRevisionId: base,
      title: 'Data walk in the park',
      slug: 'data-walk-in-the-park',
      startsAt: '2031-05-02T18:30',
      timeZone: 'Europe/London',
      format: 'in_person',
      status: 'scheduled',
      venue: 'Victoria Park gates',
      topics: 'health-data',
      organisers: cast.orgs.partnerP.slug,
      [`organisers.role.${cast.orgs.partnerP.slug}`]: 'host',
    });
    expect(edited.res.status).toBe(303);
    page = await me.get(`/console/entries/event/${eventId}`);
    base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    await me.post(`/console/entries/event/${eventId}/submit`, { baseRevisionId: base, message: 'Venue added <as asked>.' });
    const reviewer = as.reviewerB!;
    const review = await reviewer.get(`/console/review/event/${eventId}`);
    // The author's note for the reviewer, from the submit form, shown (escaped) where the decision is made.
    expect(review.body).toContain('Note for the reviewer: <q>Venue added &lt;as asked&gt;.</q>');
    const reviewBase = /name="baseRevisionId" value="(\d+)"/.exec(review.body)![1]!;
    const approved = await reviewer.post(`/console/review/event/${eventId}`, { baseRevisionId: reviewBase, decision: 'approve' });
    expect(approved.res.headers.get('location')).toBe('/console/review?done=approve');
    await eventually(async () => mailTo(email('contributorP')).some((m) => m.includes('was approved and is now published')));
    expect(mailTo(email('contributorP')).filter((m) => m.includes('was approved and is now published'))).toHaveLength(1);
    const pub = await t.app.request('/events/data-walk-in-the-park');
    expect(pub.status).toBe(200);
    expect(await pub.text()).toContain('Victoria Park gates');
  });

  test('the history shows each revision with what it changed, readable, and a revert is proposed as a new draft', async () => {
    const me = as.contributorP!;
    const history = await me.get(`/console/entries/event/${eventId}/history`);
    expect(history.body).toMatch(/approve → published/);
    const steps = history.body.split('<section').slice(1);
    const [approve, submit, update] = steps;
    // The approval and the submit before it changed no field; the update (whose form left the description out)
    // cleared the description and added the venue, and nothing else.
    expect(approve).toContain('No field changed.');
    expect(submit).toContain('No field changed.');
    expect([...update!.matchAll(/<th scope="row">([^<]+)<\/th><td>(.*?)<\/td><td>(.*?)<\/td>/g)].map((m) => m.slice(1))).toEqual([
      ['Description', '<del>A walk.</del>', '(empty)'],
      ['Venue', '(empty)', '<ins>Victoria Park gates</ins>'],
    ]);
    // The first revision, the draft as created: linked entries by name and role, the time in the event's zone.
    const created = steps.at(-1)!;
    expect(created).toMatch(/create → draft/);
    expect(created).toContain('<ins>Health data</ins>');
    expect(created).toContain('<ins>Partner P (host)</ins>');
    expect(created).toContain('<ins>Friday 2 May 2031, 18:30 (Europe/London)</ins>');
    expect(created).toContain('<th scope="row">Format</th><td>(empty)</td><td><ins>in person</ins>');
    expect(history.body).not.toContain('<td>(empty)</td><td>(empty)</td>');
    expect(history.body).not.toMatch(/topicIds|organiserRoles|2031-05-02T17:30/);
    const revertForm =
      /action="\/console\/entries\/event\/\d+\/revert">.*?name="revisionId" value="(\d+)".*?name="baseRevisionId" value="(\d+)"/s.exec(
        history.body,
      )!;
    const res = await me.post(`/console/entries/event/${eventId}/revert`, { revisionId: revertForm[1]!, baseRevisionId: revertForm[2]! });
    expect(res.res.status).toBe(303);
    const after = await me.get(`/console/entries/event/${eventId}/history`);
    expect(after.body).toMatch(/revert → draft/);
  });
});

describe('reviewing an edit of a published entry', () => {
  test('the review shows only the fields that changed, with what they were and what they would become', async () => {
    const me = as.contributorP!;
    let page = await me.get(`/console/entries/event/${eventId}`);
    let base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    const edited = await me.post(`/console/entries/event/${eventId}`, {
      _do: 'save',
      baseRevisionId: base,
      title: 'Data walk in the park',
      slug: 'data-walk-in-the-park',
      startsAt: '2031-06-10T19:00',
      timeZone: 'Europe/London',
      format: 'in_person',
      status: 'scheduled',
      venue: 'The bandstand',
      topics: 'health-data',
      organisers: cast.orgs.partnerP.slug,
      [`organisers.role.${cast.orgs.partnerP.slug}`]: 'partner',
    });
    expect(edited.res.status).toBe(303);
    page = await me.get(`/console/entries/event/${eventId}`);
    base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    expect((await me.post(`/console/entries/event/${eventId}/submit`, { baseRevisionId: base })).res.status).toBe(303);

    const review = await as.reviewerA!.get(`/console/review/event/${eventId}`);
    expect(review.body).toContain('Compared with the published entry.');
    const rows = [...review.body.matchAll(/<th scope="row">([^<]+)<\/th><td>(.*?)<\/td><td>(.*?)<\/td>/g)].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['Starts', '<del>Friday 2 May 2031, 18:30 (Europe/London)</del>', '<ins>Tuesday 10 June 2031, 19:00 (Europe/London)</ins>'],
      ['Venue', '<del>Victoria Park gates</del>', '<ins>The bandstand</ins>'],
      ['Organisers', '<del>Partner P (host)</del>', '<ins>Partner P (partner)</ins>'],
    ]);
    // The history shows the pending proposal the same way, under its newest revision.
    const history = await me.get(`/console/entries/event/${eventId}/history`);
    const newest = history.body.split('<section')[1]!;
    expect(newest).toContain('<caption>This proposal compared with the published entry</caption>');
    expect(newest).toContain('<ins>Tuesday 10 June 2031, 19:00 (Europe/London)</ins>');
  });
});

describe('reviewing a new case study', () => {
  test('dates, yes or no and choices are shown in words, and lists left empty are no row', async () => {
    const me = as.contributorP!;
    await me.get('/console/entries/new/caseStudy?full');
    const created = await me.post('/console/entries/new/caseStudy', {
      _form: 'full',
      _do: 'save',
      title: 'Citizens’ panel on data',
      slug: 'citizens-panel-on-data',
      summary: 'A panel.',
      projectStatus: 'completed',
      startDate: '2024-09-01',
      recruitment: 'stratified_random',
      evaluated: 'no',
      topics: 'health-data',
    });
    expect(created.res.status).toBe(303);
    const page = await me.get(created.res.headers.get('location')!);
    const base = /name="baseRevisionId" value="(\d+)"/.exec(page.body)![1]!;
    const id = /\/console\/entries\/caseStudy\/(\d+)/.exec(created.res.headers.get('location')!)![1]!;
    expect((await me.post(`/console/entries/caseStudy/${id}/submit`, { baseRevisionId: base })).res.status).toBe(303);

    const review = await as.reviewerA!.get(`/console/review/caseStudy/${id}`);
    const rows = Object.fromEntries(
      [...review.body.matchAll(/<th scope="row">([^<]+)<\/th><td>(.*?)<\/td><td>(.*?)<\/td>/g)].map((m) => [m[1], m[3]]),
    );
    expect(rows).toMatchObject({
      'Project status': '<ins>completed</ins>',
      'Start date': '<ins>1 September 2024</ins>',
      Recruitment: '<ins>stratified random</ins>',
      'Was it evaluated?': '<ins>no</ins>',
      Topics: '<ins>Health data</ins>',
    });
    // Findings, links, methods and places were left empty: nothing to show.
    expect(Object.keys(rows)).not.toContain('Findings');
    expect(Object.keys(rows)).not.toContain('Methods');
    expect(Object.keys(rows)).not.toContain('Links');
    expect(review.body).not.toContain('<td>(empty)</td><td>(empty)</td>');
  });
});

// tests/review-notices.test.ts covers the API's notices in full (who is told, links, a mail server that is down).
describe('notices for changes made through the API', () => {
  test('a submit and a rejection by GraphQL send the same emails as the console', async () => {
    const created = await createOrg(t, cast.as.contributorP, { slug: 'api-made-org', name: 'API Made Org', kind: 'OTHER' });
    const submitted = await move(t, cast.as.contributorP, 'submit', created.entryId, created.revision.id);
    await eventually(async () =>
      mailTo(email('reviewerB')).some((m) => m.includes('Waiting for review: Organisation') && m.includes('API Made Org')),
    );
    await move(t, cast.as.reviewerA, 'reject', created.entryId, submitted.revision.id, 'Duplicate of an existing entry.');
    await eventually(async () =>
      mailTo(email('contributorP')).some(
        (m) => m.includes('API Made Org') && m.includes('was rejected') && m.includes('Duplicate of an existing entry.'),
      ),
    );
  });
});
