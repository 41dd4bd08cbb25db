// The public directory in Chromium: no WCAG 2.2 AA violation (axe) on every kind of page, filters with and without
// JavaScript, Back restoring the previous filters, and screenshots in light and dark.
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type ServerType } from '@hono/node-server';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, serveApp } from './support.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCaseStudy, createEvent, createMethod, createOrganisation } from '../../seed/factories.ts';
import { seedCatalogue } from '../../seed/load.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DbHandle } from '../../src/db.ts';
import { openTestDatabase } from '../support/database.ts';
import { generateSyntheticDirectory } from '../support/synthetic-directory.ts';

const artifacts = 'test-artifacts';
const day = 864e5;
let handle: DbHandle;
let server: ServerType;
let browser: Browser;
let base: string;
let topicSlug: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  const db = handle.db;
  await seedCatalogue(db);
  const made = await generateSyntheticDirectory(db, 40);
  topicSlug = made.roots[0]!.slug;
  const org = await createOrganisation({ db, slug: 'browser-org', name: 'Browser Test Organisation', kind: 'charity', region: 'Wales' });
  const method = await createMethod({ db, slug: 'browser-method', name: 'Browser test method', description: 'A synthetic method.' });
  await createEvent({
    db,
    slug: 'browser-event',
    title: '<img src=x onerror="window.__pwned=1">Synthetic markup evening',
    description: 'A synthetic event whose title is hostile markup.',
    startsAt: new Date(Date.now() + 2 * day).toISOString(),
    format: 'online',
    topics: [made.roots[0]!],
    organisers: [{ organisation: org }],
    methods: [method],
  });
  await createCaseStudy({
    db,
    slug: 'browser-case-study',
    title: 'Synthetic browser case study',
    summary: 'A synthetic case study.',
    iap2Level: 'consult',
    topics: [made.roots[0]!],
    organisations: [{ organisation: org, role: 'convener' }],
    methods: [method],
  });
  ({ server, base } = await serveApp((url) =>
    createApp({ handle, config: loadConfig({ LOG_LEVEL: 'error', PUBLIC_URL: url, RATE_LIMIT_PER_MINUTE: '0' }) }),
  ));
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await handle?.close();
});

async function open(
  options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`[browser] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
  return { context, page };
}

const pages = () => ({
  home: '/',
  events: `/events?topic=${topicSlug}&format=online`,
  'past-events': '/events?when=past',
  calendar: `/events/calendar?month=${new Date(Date.now() + 2 * day).toISOString().slice(0, 7)}`,
  'case-studies': '/case-studies?iap2=consult',
  organisations: '/organisations?kind=charity',
  methods: '/methods',
  topics: '/topics',
  search: '/search?q=synthetic',
  event: '/events/browser-event',
  'case-study': '/case-studies/browser-case-study',
  organisation: '/organisations/browser-org',
  method: '/methods/browser-method',
  topic: `/topics/${topicSlug}`,
  // The page a browser gets for an address that names nothing.
  'not-found': '/no-such-page',
});

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`no violations on any page, ${scheme} theme`, async () => {
      const { context, page } = await open({ colorScheme: scheme });
      const found: string[] = [];
      for (const [name, path] of Object.entries(pages())) {
        const res = await page.goto(base + path);
        expect(res?.status(), path).toBe(name === 'not-found' ? 404 : 200);
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
        // axe ran its rules on the page: a page it could not read would pass nothing either (the short 404 page has fewer to pass).
        expect(result.passes.length, path).toBeGreaterThan(name === 'not-found' ? 5 : 10);
        for (const v of result.violations)
          found.push(`${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        if (['home', 'events', 'calendar', 'event', 'search', 'topics', 'not-found'].includes(name))
          await page.screenshot({ path: `${artifacts}/directory-${name}-${scheme}.png`, fullPage: true });
      }
      expect(found).toEqual([]);
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? null)).toBeNull();
      await context.close();
    }, 180_000);
  }
});

const resultTitles = (page: Page) => page.$$eval('#listing .card h3 a', (as) => as.map((a) => a.textContent));
const announced = (page: Page) => page.textContent('#announce');

describe('filtering', () => {
  test('works without JavaScript: the form is a plain GET', async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    await page.goto(`${base}/events`);
    const before = await announced(page);
    await page.check('#f-format-online');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/format=online/);
    expect(new URL(page.url()).searchParams.getAll('format')).toEqual(['online']);
    expect(await announced(page)).not.toBe(before);
    expect(await page.isChecked('#f-format-online')).toBe(true);
    await page.click('.chips a');
    await page.waitForURL(`${base}/events`);
    expect(await announced(page)).toBe(before);
    await context.close();
  });

  test('with JavaScript a change applies at once, announces the count, and Back restores the previous filters', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/events`);
    const all = await announced(page);
    await page.check('#f-format-online');
    await page.waitForURL(/format=online/);
    await page.waitForFunction((prev) => document.getElementById('announce')!.textContent !== prev, all);
    const online = await announced(page);
    const onlineTitles = await resultTitles(page);
    // Focus stays on the control the reader used.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-format-online');
    await page.check(`#f-topic-${topicSlug}`);
    await page.waitForURL(new RegExp(`topic=${topicSlug}`));
    await page.waitForFunction((prev) => document.getElementById('announce')!.textContent !== prev, online);
    await page.screenshot({ path: `${artifacts}/directory-events-filtered-light.png`, fullPage: true });
    await page.goBack();
    await page.waitForURL(`${base}/events?format=online`);
    await page.waitForFunction((prev) => document.getElementById('announce')!.textContent === prev, online);
    expect(await resultTitles(page)).toEqual(onlineTitles);
    expect(await page.isChecked('#f-format-online')).toBe(true);
    expect(await page.isChecked(`#f-topic-${topicSlug}`)).toBe(false);
    await page.goBack();
    await page.waitForURL(`${base}/events`);
    await page.waitForFunction((prev) => document.getElementById('announce')!.textContent === prev, all);
    expect(await page.isChecked('#f-format-online')).toBe(false);
    await context.close();
  });
});
