// Calendar subscriptions end to end: a Google Calendar export served over HTTP (ETag, 304), expanded (RRULE, EXDATE,
// an overridden instance), reviewed, edited, retired; a trusted feed published without review and seen by anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { fixture, localFeedEnv, startFeedServer, testPoller, type FeedServer } from './support/calendar-feeds.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { idOf } from './support/graphql.ts';
import { loadConfig } from '../src/config.ts';
import type { Actor } from '../src/modules/access/actor.ts';
import { decide, scopesForRole } from '../src/modules/access/permissions.ts';
import type { MemberRole } from '../schema/editorial.ts';
import { feedUrlPolicyOf } from '../src/modules/calendars/feed-url.ts';
import { fetchFeed } from '../src/modules/calendars/fetch-feed.ts';

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
    // webcal://, which calendar programs offer for subscribing, is https.
    const webcal = await subscribe(cast.as.partnerAdminP, 'webcal://calendar.example.org/riverside.ics');
    expect(webcal).toMatchObject({ __typename: 'CalendarSubscription', url: 'https://calendar.example.org/riverside.ics' });
    const ended = await app.graphql(
      `mutation($id: ID!) { r: unsubscribeCalendar(id: $id) { __typename } }`,
      { id: webcal.id },
      cast.as.partnerAdminP,
    );
    expect(ended.body.data.r.__typename).toBe('UnsubscribedCalendar');
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
    // Host admins, who decide trust, read any organisation's.
    const asHost = await app.graphql(
      `query($o: String) { calendarSubscriptions(organisation: $o) { id url } }`,
      { o: cast.orgs.partnerP.slug },
      cast.as.adminB,
    );
    expect(asHost.body.data.calendarSubscriptions).toEqual([{ id: sub.id, url: `${server.url}/partner.ics` }]);
    // Another partner cannot end it, nor learn that it exists.
    const ended = await app.graphql(
      `mutation($id: ID!) { r: unsubscribeCalendar(id: $id) { __typename ... on MutationError { message } } }`,
      { id: sub.id },
      cast.as.contributorQ,
    );
    expect(ended.body.data.r).toEqual({ __typename: 'NotFound', message: 'No calendar subscription has this id.' });
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
    // Both the refusal and the decision are in the audit log, with who made them.
    const audit = await app.graphql(`{ auditLog(first: 20) { action outcome actorEmail details } }`, {}, cast.as.adminA);
    const trusts = audit.body.data.auditLog.filter((e: any) => e.action === 'calendar.trust');
    expect(trusts.slice(0, 2)).toMatchObject([
      { outcome: 'ok', actorEmail: cast.emails.adminB, details: { trusted: true } },
      {
        outcome: 'denied',
        actorEmail: cast.emails.adminA,
        details: { reason: "A host's calendar must be trusted by an admin of a different host." },
      },
    ]);
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
    const audit = await app.graphql(`{ auditLog(first: 50) { action entryId actorEmail } }`, {}, cast.as.adminA);
    expect(audit.body.data.auditLog).toContainEqual({
      action: 'entry.publish_trusted',
      entryId: idOf(nodes[0].id),
      actorEmail: cast.emails.editorA,
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

  it('a recurrence rule that can never match is refused after a deadline, and the server answers meanwhile', async () => {
    // ical.js loops for ever inside one step on this rule (there is no 30 February): read on the main thread, it
    // would freeze every request of the server.
    const impossible = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Example//EN',
      'BEGIN:VEVENT',
      'UID:never@example.org',
      'DTSTAMP:20270101T000000Z',
      'DTSTART:20270105T180000Z',
      'DTEND:20270105T190000Z',
      'SUMMARY:Every 30 February (synthetic)',
      'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    server.feeds.set('/never.ics', { body: impossible });
    const sub = await subscribe(cast.as.editorB, `${server.url}/never.ics`);
    elapsed += app.config.CALENDAR_POLL_MINUTES + 1;
    let answered = 0;
    const probe = setInterval(() => {
      void Promise.resolve(app.app.request('/healthz')).then((r: Response) => {
        if (r.status === 200) answered++;
      });
    }, 100);
    const outcomes = await poller().pollDue();
    clearInterval(probe);
    const outcome = outcomes.find((o) => o.subscriptionId === idOf(sub.id));
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/took longer than 10 s/) });
    // Ten seconds of polling the health check every 100 ms: the event loop was free all along.
    expect(answered).toBeGreaterThan(50);
    const ended = await app.graphql(
      `mutation($id: ID!) { r: unsubscribeCalendar(id: $id) { __typename } }`,
      { id: sub.id },
      cast.as.editorB,
    );
    expect(ended.body.data.r.__typename).toBe('UnsubscribedCalendar');
  }, 60_000);

  it('the same address subscribed twice at once: one subscription, and a field error for the other', async () => {
    server.feeds.set('/twice.ics', { body: fixture('google-weekly.ics') });
    const url = `${server.url}/twice.ics`;
    const [a, b] = await Promise.all([subscribe(cast.as.editorB, url), subscribe(cast.as.editorB, url)]);
    const kinds = [a.__typename, b.__typename].sort();
    expect(kinds).toEqual(['CalendarSubscription', 'InvalidInput']);
    const refused = a.__typename === 'InvalidInput' ? a : b;
    expect(refused.fieldErrors).toEqual([{ path: ['url'], message: 'is already subscribed for this organisation' }]);
    const made = a.__typename === 'CalendarSubscription' ? a : b;
    const ended = await app.graphql(
      `mutation($id: ID!) { r: unsubscribeCalendar(id: $id) { __typename } }`,
      { id: made.id },
      cast.as.editorB,
    );
    expect(ended.body.data.r.__typename).toBe('UnsubscribedCalendar');
  });

  it('an event UID too long to key is refused with the reason, and nothing changes', async () => {
    const long = fixture('google-weekly.ics').replace(/^UID:.*$/m, `UID:${'x'.repeat(3_000)}@example.org`);
    server.feeds.set('/long-uid.ics', { body: long });
    const sub = await subscribe(cast.as.editorB, `${server.url}/long-uid.ics`);
    const outcomes = await nextPoll();
    expect(outcomes.find((o) => o.subscriptionId === idOf(sub.id))).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/UID is longer than 255 characters/),
    });
    const ended = await app.graphql(
      `mutation($id: ID!) { r: unsubscribeCalendar(id: $id) { __typename } }`,
      { id: sub.id },
      cast.as.editorB,
    );
    expect(ended.body.data.r.__typename).toBe('UnsubscribedCalendar');
  });

  it('an empty calendar (a host answering in trouble) retires nothing', async () => {
    const list = await app.graphql(`{ calendarSubscriptions { id } }`, {}, cast.as.editorA);
    server.feeds.set('/host.ics', { body: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nEND:VCALENDAR\r\n', etag: false });
    const outcomes = await nextPoll();
    expect(outcomes.find((o) => o.subscriptionId === idOf(list.body.data.calendarSubscriptions[0].id))).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/no events at all/),
    });
    const listed = await app.graphql(
      `query($o: String) { events(first: 20, filter: { organiser: $o, from: "2027-01-01T00:00:00Z" }) { totalCount } }`,
      { o: cast.orgs.hostA.slug },
      anonymous,
    );
    expect(listed.body.data.events.totalCount).toBe(4);
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

describe('the address guard at fetch time', () => {
  it('a name that resolves to a blocked address is not fetched, though its URL was accepted', async () => {
    server.feeds.set('/named.ics', { body: fixture('google-weekly.ics') });
    const sub = await subscribe(cast.as.adminB, `${server.url.replace('127.0.0.1', 'localhost')}/named.ics`);
    expect(sub.__typename).toBe('CalendarSubscription');
    const requests = server.requests.length;
    elapsed += app.config.CALENDAR_POLL_MINUTES + 1;
    // A poller under the default policy: http allowed for the local server, but no address exceptions.
    const strict = testPoller(app, {
      policy: feedUrlPolicyOf(loadConfig({ CALENDAR_ALLOW_HTTP: 'true' })),
      clock: () => new Date(Date.now() + elapsed * 60_000),
      calendarNow: () => new Date(feedsNow + elapsed * 60_000),
    });
    const outcomes = await strict.pollDue();
    expect(outcomes.find((o) => o.subscriptionId === idOf(sub.id))).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), which calendar feeds may not reach/),
    });
    expect(server.requests.slice(requests).some((r) => r.path === '/named.ics')).toBe(false);
  });

  it('a feed larger than the bound is refused without reading it all', async () => {
    const policy = feedUrlPolicyOf(app.config);
    const whole = await fetchFeed({ url: `${server.url}/partner.ics`, policy });
    expect(whole.kind).toBe('fetched');
    expect(await fetchFeed({ url: `${server.url}/partner.ics`, policy, maxBytes: 1_000 })).toEqual({
      kind: 'failed',
      error: 'The calendar is larger than 0.001 MB.',
    });
  });
});

describe('fetching', () => {
  const policy = () => feedUrlPolicyOf(app.config);

  it('asks with If-Modified-Since where the server gives Last-Modified but no ETag', async () => {
    const lastModified = 'Sat, 05 Dec 2026 12:00:00 GMT';
    server.feeds.set('/dated.ics', { body: fixture('google-weekly.ics'), etag: false, lastModified });
    const first = await fetchFeed({ url: `${server.url}/dated.ics`, policy: policy() });
    expect(first).toMatchObject({ kind: 'fetched', etag: null, lastModified });
    expect(await fetchFeed({ url: `${server.url}/dated.ics`, policy: policy(), lastModified })).toEqual({ kind: 'not_modified' });
    expect(server.requests.at(-1)).toMatchObject({ status: 304, headers: { 'if-modified-since': lastModified } });
  });

  it('follows a redirect to an address it may reach, and refuses one to a private address', async () => {
    server.feeds.set('/moved.ics', { body: '', redirect: `${server.url}/dated.ics` });
    expect((await fetchFeed({ url: `${server.url}/moved.ics`, policy: policy() })).kind).toBe('fetched');
    server.feeds.set('/inward.ics', { body: '', redirect: 'http://10.0.0.7/calendar.ics' });
    expect(await fetchFeed({ url: `${server.url}/inward.ics`, policy: policy() })).toEqual({
      kind: 'failed',
      error: 'The address http://10.0.0.7/calendar.ics points at a private, loopback, link-local or otherwise reserved address.',
    });
  });

  it('gives up on a server that does not answer in time', async () => {
    server.feeds.set('/slow.ics', { body: fixture('google-weekly.ics'), delayMs: 2_000 });
    expect(await fetchFeed({ url: `${server.url}/slow.ics`, policy: policy(), timeoutMs: 200 })).toEqual({
      kind: 'failed',
      error: 'No answer within 0.2 s.',
    });
  });
});

describe('trust that lapses', () => {
  it('when the admin who gave it is no longer a host admin, changes go to review, saying why', async () => {
    // A second admin for host B, who then makes the first an editor (a host always keeps an admin).
    const email = `second-admin-b-${Date.now()}@example.org`;
    const invited = await app.graphql(
      `mutation($o: String!, $e: String!) { r: inviteMember(organisation: $o, email: $e, role: ADMIN) { __typename } }`,
      { o: cast.orgs.hostB.slug, e: email },
      cast.as.adminB,
    );
    expect(invited.body.data.r.__typename).toBe('Membership');
    const issued = await app.graphql(
      `mutation($i: CreateTokenInput!) { r: createToken(input: $i) { __typename ... on IssuedToken { token } } }`,
      {
        i: {
          name: 'second admin',
          email,
          organisation: cast.orgs.hostB.slug,
          scopes: ['READ_DRAFTS', 'WRITE_ENTRIES', 'REVIEW', 'MANAGE_MEMBERS'],
        },
      },
      cast.as.adminB,
    );
    const secondAdmin = { authorization: `Bearer ${issued.body.data.r.token}` };
    const list = await app.graphql(`{ calendarSubscriptions { id } }`, {}, cast.as.partnerAdminP);
    const id = list.body.data.calendarSubscriptions[0].id;
    expect(await trust(cast.as.adminB, id)).toMatchObject({ trusted: true });
    const demoted = await app.graphql(
      `mutation($o: String!, $e: String!) { r: inviteMember(organisation: $o, email: $e, role: EDITOR) { __typename } }`,
      { o: cast.orgs.hostB.slug, e: cast.emails.adminB },
      secondAdmin,
    );
    expect(demoted.body.data.r.__typename).toBe('Membership');

    // The partner's workshop takes its first title back, and the withdrawn assembly returns to the feed.
    server.feeds.set('/partner.ics', { body: fixture('google-weekly.ics') });
    const outcomes = await nextPoll();
    const partner = outcomes.find((o) => o.subscriptionId === idOf(id))!;
    expect(partner.report).toMatchObject({ created: 0, changed: 2, published: 0, submitted: 2 });
    expect(partner.report!.problems[0]).toMatch(
      /submitted for review, as the calendar cannot be trusted now: .*not trusted by a current host admin/,
    );
    const listed = await app.graphql(`{ calendarSubscriptions { lastError } }`, {}, cast.as.partnerAdminP);
    expect(listed.body.data.calendarSubscriptions[0].lastError).toMatch(/cannot be trusted now/);
  });
});

describe('the matrix for calendars', () => {
  const actor = (role: MemberRole, o: { accountId?: number; organisationId?: number; isHost?: boolean } = {}): Actor => ({
    accountId: o.accountId ?? 1,
    organisationId: o.organisationId ?? 10,
    tokenId: null,
    role,
    isHost: o.isHost ?? ['admin', 'editor', 'reviewer'].includes(role),
    scopes: new Set(scopesForRole[role]),
  });
  const partnerSubscriber = { accountId: 2, organisationId: 20, isHost: false };
  const hostSubscriber = { accountId: 3, organisationId: 10, isHost: true };
  const trustedBy = (o: Partial<{ accountId: number; organisationId: number; isHostAdmin: boolean }> = {}) => ({
    accountId: o.accountId ?? 1,
    organisationId: o.organisationId ?? 10,
    isHost: true,
    isHostAdmin: o.isHostAdmin ?? true,
  });
  const cases: [string, Actor, Parameters<typeof decide>[1], boolean][] = [
    [
      'a partner admin subscribes its own organisation',
      actor('partner_admin', { organisationId: 20 }),
      { kind: 'calendar.manage', organisationId: 20 },
      true,
    ],
    ['a contributor does not', actor('contributor', { organisationId: 20 }), { kind: 'calendar.manage', organisationId: 20 }, false],
    ['a host admin does not subscribe a partner', actor('admin'), { kind: 'calendar.manage', organisationId: 20 }, false],
    ['a host reviewer reads any organisation’s', actor('reviewer'), { kind: 'calendar.read', organisationId: 20 }, true],
    ['a host editor reads only its own', actor('editor'), { kind: 'calendar.read', organisationId: 20 }, false],
    [
      'a host admin trusts a partner’s feed',
      actor('admin'),
      { kind: 'calendar.trust', trusted: true, subscriber: partnerSubscriber, hostCount: 2 },
      true,
    ],
    ['an editor does not', actor('editor'), { kind: 'calendar.trust', trusted: true, subscriber: partnerSubscriber, hostCount: 2 }, false],
    [
      'nobody trusts their own feed',
      actor('admin', { accountId: 3 }),
      { kind: 'calendar.trust', trusted: true, subscriber: hostSubscriber, hostCount: 1 },
      false,
    ],
    [
      'with two hosts, not a feed of their own host',
      actor('admin'),
      { kind: 'calendar.trust', trusted: true, subscriber: hostSubscriber, hostCount: 2 },
      false,
    ],
    [
      'with one host, another person of it suffices',
      actor('admin'),
      { kind: 'calendar.trust', trusted: true, subscriber: hostSubscriber, hostCount: 1 },
      true,
    ],
    [
      'withdrawing trust only needs a host admin',
      actor('admin', { accountId: 3 }),
      { kind: 'calendar.trust', trusted: false, subscriber: hostSubscriber, hostCount: 2 },
      true,
    ],
    [
      'the subscriber publishes a trusted feed’s event',
      actor('partner_admin', { accountId: 2, organisationId: 20 }),
      { kind: 'entry.publish_trusted', type: 'event', maintainers: [20], trustedBy: trustedBy(), hostCount: 2 },
      true,
    ],
    [
      'not once the truster is no longer a host admin',
      actor('partner_admin', { accountId: 2, organisationId: 20 }),
      { kind: 'entry.publish_trusted', type: 'event', maintainers: [20], trustedBy: trustedBy({ isHostAdmin: false }), hostCount: 2 },
      false,
    ],
    [
      'not an entry the subscriber may not edit',
      actor('partner_admin', { accountId: 2, organisationId: 20 }),
      { kind: 'entry.publish_trusted', type: 'event', maintainers: [30], trustedBy: trustedBy(), hostCount: 2 },
      false,
    ],
    [
      'not without trust',
      actor('partner_admin', { accountId: 2, organisationId: 20 }),
      { kind: 'entry.publish_trusted', type: 'event', maintainers: [20], trustedBy: null, hostCount: 2 },
      false,
    ],
    [
      'not from a feed its own subscriber trusted',
      actor('admin', { accountId: 1 }),
      { kind: 'entry.publish_trusted', type: 'event', maintainers: [10], trustedBy: trustedBy({ accountId: 1 }), hostCount: 1 },
      false,
    ],
    [
      'not a host’s event trusted by its own host, with two hosts',
      actor('editor', { accountId: 3 }),
      { kind: 'entry.publish_trusted', type: 'event', maintainers: [10], trustedBy: trustedBy(), hostCount: 2 },
      false,
    ],
    [
      'only events',
      actor('partner_admin', { accountId: 2, organisationId: 20 }),
      { kind: 'entry.publish_trusted', type: 'organisation', maintainers: [20], trustedBy: trustedBy(), hostCount: 2 },
      false,
    ],
  ];
  it.each(cases)('%s', (_name, a, action, allowed) => {
    expect(decide(a, action).allowed).toBe(allowed);
  });
});
