// The editorial console in Chromium, as people use it: setup with two founding hosts, invitations, a contributor's event, review, publication.
// Every console page is checked with axe for WCAG 2.2 AA; one form is completed with the keyboard alone.
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type ServerType } from '@hono/node-server';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, serveApp } from './support.ts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createOrganisation, createTopic } from '../../seed/factories.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DbHandle } from '../../src/db.ts';
import { linkFor, newOutbox, outboxMessages } from '../support/console.ts';
import { eventually } from '../support/eventually.ts';
import { openTestDatabase } from '../support/database.ts';

const artifacts = 'test-artifacts';
const outbox = newOutbox();
const setupCode = 'first-run-code-1234';
let handle: DbHandle;
let server: ServerType;
let browser: Browser;
let base: string;
const checked: string[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  // The starter catalogue a fresh install has: a topic and the partner organisation (no host: setup makes one).
  await createTopic({ db: handle.db, slug: 'health', label: 'Health' });
  await createOrganisation({ db: handle.db, slug: 'riverside-data-trust', name: 'Riverside Data Trust', kind: 'charity' });
  ({ server, base } = await serveApp((url) =>
    createApp({ handle, config: loadConfig({ LOG_LEVEL: 'error', PUBLIC_URL: url, OUTBOX_DIR: outbox }), setupCode }),
  ));
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await handle?.close();
});

/** axe over the page as it stands (WCAG 2.0, 2.1 and 2.2 A and AA), and a screenshot to look at. */
async function check(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(problems, `${name} (${page.url()})`).toEqual([]);
  await page.screenshot({ path: `${artifacts}/console-${name}.png`, fullPage: true });
  checked.push(name);
}

async function person() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`[browser] ${m.text()}`));
  return page;
}

/** Ask for a sign-in link, then open it from the outbox: as a person with a mail client. */
async function signIn(page: Page, email: string, o: { name?: string } = {}) {
  const before = outboxMessages(outbox).length;
  await page.goto(`${base}/console/sign-in`);
  if (o.name) await check(page, `${o.name}-sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  if (o.name) await check(page, `${o.name}-check-email`);
  await openLink(page, await linkFor(outbox, email, before), o.name);
}

async function openLink(page: Page, link: string, name?: string) {
  await page.goto(link);
  if (name) await check(page, `${name}-link`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Hello/ }).waitFor();
}

test('from first run to a published event, by people in a browser', { timeout: 300_000 }, async () => {
  const year = new Date().getFullYear() + 1;
  const startsAt = `${year}-03-14T18:30`;

  // First run: the setup code from the server log founds two hosts, each with its admin.
  const admin = await person();
  await admin.goto(`${base}/console/setup`);
  await check(admin, 'setup');
  await admin.getByRole('button', { name: 'Set up' }).click();
  await admin.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await check(admin, 'setup-errors');
  const founding = (row: number) => admin.getByRole('group', { name: new RegExp(`^Founding host ${row}`) });
  await admin.getByLabel('Setup code').fill(setupCode);
  await founding(1).getByLabel('Organisation').fill('Civic Data Commons');
  await founding(1).getByLabel("Admin's email address").fill('ada@civicdata.example');
  await founding(2).getByLabel('Organisation').fill('Northern Policy Lab');
  await founding(2).getByLabel("Admin's email address").fill('bea@northern.example');
  // A third row is offered without script, and left blank: it founds nothing.
  await admin.getByRole('button', { name: 'Add another host' }).click();
  await founding(3).waitFor();
  expect(await founding(2).getByLabel('Organisation').inputValue()).toBe('Northern Policy Lab');
  await check(admin, 'setup-three-rows');
  await admin.getByRole('button', { name: 'Set up' }).click();
  await admin.getByRole('heading', { name: 'The directory is set up' }).waitFor();
  await admin.getByText('The founding hosts are Civic Data Commons and Northern Policy Lab.').waitFor();
  await check(admin, 'setup-done');
  const secondAdmin = await person();
  await openLink(secondAdmin, await linkFor(outbox, 'bea@northern.example'));
  await secondAdmin.getByText('You are admin of Northern Policy Lab, a host of the directory.').waitFor();
  await openLink(admin, await linkFor(outbox, 'ada@civicdata.example'), 'setup');
  await admin.getByText('You are admin of Civic Data Commons, a host of the directory.').waitFor();
  await check(admin, 'home-host-admin');

  // The host admin invites a reviewer to the host, and the partner organisation's admin.
  await admin.getByRole('link', { name: 'Members' }).click();
  await check(admin, 'members');
  await admin.getByLabel('Email address').fill('rowan@civicdata.example');
  await admin.getByLabel('Role').selectOption('reviewer');
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await admin.getByText('Invitation sent to rowan@civicdata.example.').waitFor();
  await admin.goto(`${base}/console/organisations?q=riverside`);
  await check(admin, 'organisations');
  await admin.getByRole('link', { name: 'Riverside Data Trust' }).click();
  await admin.getByLabel('Email address').fill('pat@riverside.example');
  await admin.getByLabel('Role').selectOption('partner_admin');
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await admin.getByText('Invitation sent to pat@riverside.example.').waitFor();
  await check(admin, 'members-partner');
  for (const path of ['tokens', 'sessions', 'hosts', 'audit', 'review', 'webhooks']) {
    await admin.goto(`${base}/console/${path}`);
    await check(admin, path);
  }

  // The partner admin opens the invitation and invites a contributor.
  const partnerAdmin = await person();
  await openLink(partnerAdmin, await linkFor(outbox, 'pat@riverside.example'), 'invitation');
  await partnerAdmin.getByRole('link', { name: 'Members' }).click();
  await partnerAdmin.getByLabel('Email address').fill('casey@riverside.example');
  await partnerAdmin.getByLabel('Role').selectOption('contributor');
  await partnerAdmin.getByRole('button', { name: 'Send invitation' }).click();
  await partnerAdmin.getByText('Invitation sent to casey@riverside.example.').waitFor();

  // The contributor signs in from the invitation and creates an event with a topic and an organiser.
  const contributor = await person();
  await openLink(contributor, await linkFor(outbox, 'casey@riverside.example'));
  await check(contributor, 'home-contributor');
  await contributor.getByRole('link', { name: 'New entry' }).click();
  await check(contributor, 'new-entry');
  await contributor.getByRole('link', { name: 'Event', exact: true }).click();
  await check(contributor, 'new-event-quick');
  await contributor.getByLabel('Title').fill('Health data open evening');
  await contributor.getByLabel('Web address name (slug)').fill('health-data-open-evening');
  await contributor.getByLabel('Starts').fill(startsAt);
  await contributor.getByLabel('Format').selectOption('in_person');
  await contributor.getByLabel('Find a topic by name').fill('health');
  await contributor.getByRole('button', { name: 'Search topics' }).click();
  await contributor.getByLabel(/^Health \(health\)/).check();
  await contributor.getByLabel('Find an organisation by name').fill('riverside');
  await contributor.getByRole('button', { name: 'Search organisers' }).click();
  await check(contributor, 'new-event-search');
  await contributor.getByLabel(/^Riverside Data Trust/).check();
  await contributor.getByLabel('Role of Riverside Data Trust').selectOption('host');
  await contributor.getByRole('button', { name: 'Save draft' }).click();
  await contributor.getByText('Draft saved.').waitFor();
  await check(contributor, 'edit-event');
  await contributor.getByRole('button', { name: 'Submit for review' }).click();
  await contributor.getByText('Submitted for review.').waitFor();
  // Two hosts now: the reviewers of both are told, since either may decide a partner's change.
  for (const hostAdmin of ['ada@civicdata.example', 'bea@northern.example'])
    await eventually(async () => outboxMessages(outbox).some((m) => m.includes(`To: ${hostAdmin}`) && m.includes('Waiting for review')));
  await contributor.getByRole('link', { name: 'History' }).click();
  await check(contributor, 'history');

  // The reviewer signs in with the keyboard alone, sees the diff and approves.
  const reviewer = await person();
  await openLink(reviewer, await linkFor(outbox, 'rowan@civicdata.example'));
  await reviewer.getByRole('button', { name: /^Sign out/ }).click();
  await reviewer.getByText('You have signed out.').waitFor();
  const before = outboxMessages(outbox).length;
  for (let i = 0; i < 10 && (await reviewer.evaluate(() => document.activeElement?.id)) !== 'f-email'; i++)
    await reviewer.keyboard.press('Tab');
  expect(await reviewer.evaluate(() => document.activeElement?.id)).toBe('f-email');
  await reviewer.keyboard.type('rowan@civicdata.example');
  await reviewer.keyboard.press('Tab');
  expect(await reviewer.evaluate(() => document.activeElement?.textContent)).toBe('Email me a sign-in link');
  await reviewer.keyboard.press('Enter');
  await reviewer.getByRole('heading', { name: 'Check your email' }).waitFor();
  await check(reviewer, 'keyboard-check-email');
  await reviewer.goto(await linkFor(outbox, 'rowan@civicdata.example', before));
  for (let i = 0; i < 10 && (await reviewer.evaluate(() => document.activeElement?.textContent)) !== 'Sign in'; i++)
    await reviewer.keyboard.press('Tab');
  await reviewer.keyboard.press('Enter');
  await reviewer.getByRole('heading', { name: /^Hello/ }).waitFor();
  await check(reviewer, 'home-reviewer');
  await reviewer.getByRole('link', { name: 'Review queue' }).click();
  await reviewer.getByRole('link', { name: 'Event: Health data open evening' }).click();
  await reviewer.getByRole('table', { name: 'Proposed changes' }).waitFor();
  // The readable diff: the topic by its label, the organiser with its role, the start in the event's own time.
  const row = async (label: string) => reviewer.getByRole('row', { name: new RegExp(`^${label}`) }).textContent();
  expect(await row('Title')).toContain('Health data open evening');
  expect(await row('Topics')).toContain('Health');
  expect(await row('Organisers')).toContain('Riverside Data Trust (host)');
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${year}-03-14T12:00:00Z`));
  expect(await row('Starts')).toContain(`${weekday} 14 March ${year}, 18:30 (Europe/London)`);
  const rows = await reviewer.locator('tbody tr').allTextContents();
  expect(rows.filter((r) => r.endsWith('(empty)(empty)'))).toEqual([]);
  await check(reviewer, 'review-diff');
  await reviewer.getByRole('button', { name: 'Approve and publish' }).click();
  await reviewer.getByText('Decision recorded: approve.').waitFor();

  // Published: the event page, the topic's calendar feed and the embed listing all carry it.
  const page = await fetch(`${base}/events/health-data-open-evening`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Health data open evening');
  const ics = await (await fetch(`${base}/feeds/events.ics?topic=health`)).text();
  expect(ics).toContain('SUMMARY:Health data open evening');
  const embed = await (await fetch(`${base}/embed/events?topic=health`)).text();
  expect(embed).toContain('Health data open evening');
  expect(
    outboxMessages(outbox).some((m) => m.includes('To: casey@riverside.example') && m.includes('was approved and is now published')),
  ).toBe(true);
  // The host admin signs in again on another browser, with the mouse: the sign-in pages pass axe too.
  const laptop = await person();
  await signIn(laptop, 'ada@civicdata.example', { name: 'admin' });
  expect(checked.length).toBeGreaterThanOrEqual(25);
});
