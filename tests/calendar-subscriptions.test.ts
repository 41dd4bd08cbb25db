// Calendar subscriptions end to end: a Google Calendar export served over HTTP (ETag, 304), expanded (RRULE, EXDATE,
// an overridden instance), reviewed, edited, retired; a trusted feed published without review and seen by anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { fixture, localFeedEnv, startFeedServer, testPoller, type FeedServer } from './support/calendar-feeds.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { idOf } from './support/graphql.ts';

let app: TestApp;
let cast: Cast;
let server: FeedServer;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp({ env: localFeedEnv }));
  server = await startFeedServer();
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

/** The fixtures' events fall in 2027: the poller judges "now" from here, whatever day the tests run. */
const feedsNow = Date.parse('2027-01-04T00:00:00Z');
/** Minutes the poller's clock has been moved on: each later poll is due only after CALENDAR_POLL_MINUTES. */
let elapsed = 0;
const poller = () =>
  testPoller(app, {
    clock: () => new Date(Date.now() + elapsed * 60_000),
    calendarNow: () => new Date(feedsNow + elapsed * 60_000),
  });
const nextPoll = () => {
  elapsed += app.config.CALENDAR_POLL_MINUTES + 1;
  return poller().pollDue();
};

const subscriptionFields = `... on CalendarSubscription { id url trusted lastPolledAt lastError }
  ... on MutationError { __typename message } ... on InvalidInput { fieldErrors { path message } }`;
async function subscribe(headers: Record<string, string>, url: string, organisation?: string) {
  const res = await app.graphql(
    `mutation($u: String!, $o: String) { r: subscribeCalendar(url: $u, organisation: $o) { __typename ${subscriptionFields} } }`,
    { u: url, o: organisation },
    headers,
  );
  return res.body.data.r;
}
async function trust(headers: Record<string, string>, id: string, trusted = true) {
  const res = await app.graphql(
    `mutation($id: ID!, $t: Boolean!) { r: setCalendarTrusted(id: $id, trusted: $t) { __typename ${subscriptionFields} } }`,
    { id, t: trusted },
    headers,
  );
  return res.body.data.r;
}
async function reviewQueue() {
  const res = await app.graphql(
    `{ reviewQueue(first: 100) { nodes { entryId action state message snapshot diff { field before after } } } }`,
    {},
    cast.as.reviewerB,
  );
  return res.body.data.reviewQueue.nodes as any[];
}
const fromFeed = (nodes: any[], path: string) => nodes.filter((n) => String(n.message).includes(path));
async function historyOf(entryId: string, headers = cast.as.adminB) {
  const res = await app.graphql(
    `query($id: ID!) { revisions(entryId: $id, first: 20) { nodes { action state author { email } } } }`,
    { id: entryId },
    headers,
  );
  return res.body.data.revisions.nodes as any[];
}
async function publicEvent(slug: string) {
  const res = await app.graphql(
    `query($s: String!) { event(slug: $s) { title format venue onlineUrl registrationUrl startsAtLocal timeZone
        organisers(first: 5) { nodes { slug } } } }`,
    { s: slug },
    anonymous,
  );
  return res.body.data.event;
}

describe('registering a calendar', () => {
  it('a contributor may not; a private address, ftp or a second registration of one URL is refused by field', async () => {
    const refused = await subscribe(cast.as.contributorP, `${server.url}/p.ics`);
    expect(refused).toMatchObject({ __typename: 'Forbidden' });
    expect(await subscribe(cast.as.partnerAdminP, 'https://10.1.2.3/calendar.ics')).toMatchObject({
      __typename: 'InvalidInput',
      fieldErrors: [{ path: ['url'], message: expect.stringContaining('private') }],
    });
    expect((await subscribe(cast.as.partnerAdminP, 'ftp://calendar.example.org/x.ics')).__typename).toBe('InvalidInput');
    expect(await subscribe(cast.as.partnerAdminP, `${server.url}/p.ics`, cast.orgs.partnerQ.slug)).toMatchObject({
      __typename: 'Forbidden',
    });
  });

  it('a partner admin subscribes their organisation; members list it, other partners may not', async () => {
    const sub = await subscribe(cast.as.partnerAdminP, `${server.url}/partner.ics`);
    expect(sub).toMatchObject({ __typename: 'CalendarSubscription', trusted: false, lastPolledAt: null });
    expect((await subscribe(cast.as.partnerAdminP, `${server.url}/partner.ics`)).__typename).toBe('InvalidInput');
    const mine = await app.graphql(`{ calendarSubscriptions { url } }`, {}, cast.as.contributorP);
    expect(mine.body.data.calendarSubscriptions).toEqual([{ url: `${server.url}/partner.ics` }]);
    const theirs = await app.graphql(
      `query($o: String) { calendarSubscriptions(organisation: $o) { url } }`,
      { o: cast.orgs.partnerP.slug },
      cast.as.contributorQ,
    );
    expect(theirs.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a partner’s Google Calendar, reviewed', () => {
  let subscriptionId: string;
  beforeAll(async () => {
    server.feeds.set('/partner.ics', { body: fixture('google-weekly.ics') });
    const list = await app.graphql(`{ calendarSubscriptions { id url } }`, {}, cast.as.partnerAdminP);
    subscriptionId = list.body.data.calendarSubscriptions[0].id;
  });

  it('the first poll turns each occurrence in the window into a change submitted for review', async () => {
    const outcomes = await poller().pollDue();
    expect(outcomes).toMatchObject([{ status: 'applied', report: { created: 5, submitted: 5, published: 0, problems: [] } }]);
    const ours = fromFeed(await reviewQueue(), '/partner.ics');
    // The weekly drop-in without its EXDATE (23 March), with the overridden Easter instance; the past launch is left out.
    expect(ours.map((n) => [n.snapshot.title, n.snapshot.startsAt]).sort(([, a], [, b]) => a.localeCompare(b))).toEqual([
      ['Reading the data-sharing register', '2027-02-10T10:00:00.000Z'],
      ["Residents' assembly on data sharing", '2027-02-20T10:00:00.000Z'],
      ['Data trust drop-in', '2027-03-16T18:00:00.000Z'],
      // 18:00 in London after the clocks went forward.
      ['Data trust drop-in', '2027-03-30T17:00:00.000Z'],
      ['Data trust drop-in (Easter week, at the library)', '2027-04-06T18:00:00.000Z'],
    ]);
    expect(ours.every((n) => n.state === 'SUBMITTED' && n.action === 'SUBMIT')).toBe(true);
    const workshop = ours.find((n) => n.snapshot.title.startsWith('Reading'))!;
    expect(workshop.snapshot).toMatchObject({
      format: 'online',
      onlineUrl: 'https://meet.example.org/riverside-register',
      registrationUrl: 'https://riverside.example.org/register/workshop',
      venue: null,
      timeZone: 'Europe/London',
    });
    const easter = ours.find((n) => n.snapshot.title.includes('Easter'))!;
    expect(easter.snapshot).toMatchObject({ format: 'in_person', venue: 'Central Library, College Green, Bristol BS1 5TL' });
    // Under review, not public.
    expect(await publicEvent(workshop.snapshot.slug)).toBeNull();
  });

  it('polling again asks with the ETag, gets 304, and changes nothing', async () => {
    const before = fromFeed(await reviewQueue(), '/partner.ics').length;
    const outcomes = await nextPoll();
    expect(outcomes).toMatchObject([{ status: 'not_modified' }]);
    const last = server.requests.filter((r) => r.path === '/partner.ics').at(-1)!;
    expect(last.status).toBe(304);
    expect(last.headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
    expect(fromFeed(await reviewQueue(), '/partner.ics')).toHaveLength(before);
  });

  it('a changed event becomes an edit with a diff; an event gone from the feed is withdrawn', async () => {
    server.feeds.set('/partner.ics', { body: fixture('google-weekly-edited.ics') });
    const outcomes = await nextPoll();
    expect(outcomes).toMatchObject([{ status: 'applied', report: { created: 0, changed: 1, unchanged: 3, withdrawn: 1, problems: [] } }]);
    const ours = fromFeed(await reviewQueue(), '/partner.ics');
    expect(ours).toHaveLength(4);
    const workshop = ours.find((n) => n.snapshot.title.startsWith('Reading'))!;
    // Never published, so the diff is against nothing: the title is new in full.
    expect(workshop.diff).toContainEqual({ field: 'title', before: null, after: 'Reading the data-sharing register together' });
    const withdrawn = await app.graphql(
      `{ maintainedEntries(first: 50, state: WITHDRAWN) { nodes { entryId snapshot } } }`,
      {},
      cast.as.partnerAdminP,
    );
    const gone = withdrawn.body.data.maintainedEntries.nodes.find((n: any) => n.snapshot.title.startsWith('Residents'));
    expect((await historyOf(gone.entryId, cast.as.partnerAdminP))[0]).toMatchObject({
      action: 'WITHDRAW',
      state: 'WITHDRAWN',
      author: { email: cast.emails.partnerAdminP },
    });
    const list = await app.graphql(`{ calendarSubscriptions { id lastError lastPolledAt } }`, {}, cast.as.partnerAdminP);
    expect(list.body.data.calendarSubscriptions).toMatchObject([{ id: subscriptionId, lastError: null }]);
  });

  it('a reviewer approves an occurrence like any other change', async () => {
    const [first] = fromFeed(await reviewQueue(), '/partner.ics');
    const res = await app.graphql(
      `mutation($id: ID!) { r: approve(id: $id, baseRevisionId: null) { __typename ... on Conflict { currentRevision { id } } } }`,
      { id: first.entryId },
      cast.as.reviewerB,
    );
    const base = res.body.data.r.currentRevision.id;
    const approved = await app.graphql(
      `mutation($id: ID!, $b: ID) { r: approve(id: $id, baseRevisionId: $b) { __typename } }`,
      { id: first.entryId, b: base },
      cast.as.reviewerB,
    );
    expect(approved.body.data.r.__typename).toBe('EditResult');
    expect(await publicEvent(first.snapshot.slug)).toMatchObject({ title: first.snapshot.title });
  });
});

describe('a trusted calendar', () => {
  let id: string;
  beforeAll(async () => {
    // A host's feed, served without validators: every poll fetches it whole, so idempotence rests on the content hashes.
    server.feeds.set('/host.ics', { body: fixture('google-weekly.ics'), etag: false });
    id = (await subscribe(cast.as.editorA, `${server.url}/host.ics`)).id;
  });

  it('is trusted only by a host admin, and a host’s feed only by an admin of another host', async () => {
    expect(await trust(cast.as.partnerAdminP, id)).toMatchObject({ __typename: 'NotFound' });
    expect(await trust(cast.as.reviewerA, id)).toMatchObject({ __typename: 'Forbidden' });
    expect(await trust(cast.as.adminA, id)).toMatchObject({
      __typename: 'Forbidden',
      message: "A host's calendar must be trusted by an admin of a different host.",
    });
    expect(await trust(cast.as.adminB, id)).toMatchObject({ __typename: 'CalendarSubscription', trusted: true });
  });

  it('publishes its events without review, as a distinct step in their history, for anyone to see', async () => {
    const outcomes = await nextPoll();
    const mine = outcomes.find((o) => o.report?.created)!;
    expect(mine).toMatchObject({ status: 'applied', report: { created: 5, published: 5, submitted: 0, problems: [] } });
    expect(fromFeed(await reviewQueue(), '/host.ics')).toEqual([]);
    const listed = await app.graphql(
      `query($o: String) { events(first: 20, filter: { organiser: $o, from: "2027-01-01T00:00:00Z" }) { nodes { id slug title startsAtLocal } } }`,
      { o: cast.orgs.hostA.slug },
      anonymous,
    );
    const nodes = listed.body.data.events.nodes as any[];
    expect(nodes.map((n) => n.startsAtLocal)).toEqual([
      '2027-02-10T10:00:00+00:00',
      '2027-02-20T10:00:00+00:00',
      '2027-03-16T18:00:00+00:00',
      '2027-03-30T18:00:00+01:00',
      '2027-04-06T19:00:00+01:00',
    ]);
    expect(await publicEvent(nodes[0].slug)).toMatchObject({
      title: 'Reading the data-sharing register',
      format: 'ONLINE',
      organisers: { nodes: [{ slug: cast.orgs.hostA.slug }] },
    });
    expect((await historyOf(nodes[0].id))[0]).toMatchObject({
      action: 'PUBLISH_TRUSTED',
      state: 'PUBLISHED',
      author: { email: cast.emails.editorA },
    });
  });

  it('fetched again unchanged, it changes nothing', async () => {
    const outcomes = await nextPoll();
    expect(outcomes.find((o) => o.subscriptionId === idOf(id))).toMatchObject({
      status: 'applied',
      report: { created: 0, changed: 0, unchanged: 5, archived: 0 },
    });
  });

  it('publishes a change at once, and archives an event that left the feed', async () => {
    server.feeds.set('/host.ics', { body: fixture('google-weekly-edited.ics'), etag: false });
    await nextPoll();
    const listed = await app.graphql(
      `query($o: String) { events(first: 20, filter: { organiser: $o, from: "2027-01-01T00:00:00Z" }) { nodes { title } } }`,
      { o: cast.orgs.hostA.slug },
      anonymous,
    );
    const titles = listed.body.data.events.nodes.map((n: any) => n.title);
    expect(titles).toContain('Reading the data-sharing register together');
    expect(titles).not.toContain("Residents' assembly on data sharing");
    expect(titles).toHaveLength(4);
  });

  it('untrusted again, its next change goes to review', async () => {
    expect(await trust(cast.as.adminA, id, false)).toMatchObject({ trusted: false });
    server.feeds.set('/host.ics', { body: fixture('google-weekly.ics'), etag: false });
    await nextPoll();
    const queued = fromFeed(await reviewQueue(), '/host.ics').map((n) => n.snapshot.title);
    // The workshop's title back as it was, and the assembly back in the feed: archiving is final, so it is a new entry.
    expect(queued.sort()).toEqual(['Reading the data-sharing register', "Residents' assembly on data sharing"]);
  });
});

describe('feeds that cannot be read', () => {
  it('records why on the subscription and keeps polling', async () => {
    server.feeds.set('/broken.ics', { body: '<html>Not a calendar</html>' });
    const sub = await subscribe(cast.as.editorB, `${server.url}/broken.ics`);
    const outcomes = await nextPoll();
    expect(outcomes.find((o) => o.status === 'failed')?.error).toMatch(/not iCalendar/);
    const list = await app.graphql(`{ calendarSubscriptions { id lastError nextPollAt } }`, {}, cast.as.editorB);
    expect(list.body.data.calendarSubscriptions).toMatchObject([{ id: sub.id, lastError: expect.stringMatching(/not iCalendar/) }]);
  });

  it('unsubscribing stops the polls and leaves the entries', async () => {
    const list = await app.graphql(`{ calendarSubscriptions { id } }`, {}, cast.as.editorB);
    const res = await app.graphql(
      `mutation($id: ID!) { r: unsubscribeCalendar(id: $id) { __typename } }`,
      { id: list.body.data.calendarSubscriptions[0].id },
      cast.as.editorB,
    );
    expect(res.body.data.r.__typename).toBe('UnsubscribedCalendar');
    const requests = server.requests.length;
    const outcomes = await nextPoll();
    expect(outcomes.map((o) => o.subscriptionId)).not.toContain(idOf(list.body.data.calendarSubscriptions[0].id));
    expect(server.requests.slice(requests).some((r) => r.path === '/broken.ics')).toBe(false);
  });
});
