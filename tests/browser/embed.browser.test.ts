// A partner's page on another origin embeds the custom element and the iframe; Chromium checks what visitors see.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './support.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEvent, createTopic } from '../../seed/factories.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DbHandle } from '../../src/db.ts';
import { parseListingRequest } from '../../src/modules/embed/params.ts';
import { embedSnippets } from '../../src/modules/embed/snippets.ts';
import { openTestDatabase } from '../support/database.ts';

const artifacts = 'test-artifacts';
const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Markup night';
const rtl = 'ورشة البيانات المفتوحة 🎉';

let handle: DbHandle;
let directory: ServerType;
let partner: Server;
let browser: Browser;
let directoryUrl: string;
let partnerUrl: string;
const graphqlRequests: string[] = [];

const listen = (server: Server | ServerType) =>
  new Promise<number>((resolve) => {
    const s = server as Server;
    if (s.listening) resolve((s.address() as AddressInfo).port);
    else s.once('listening', () => resolve((s.address() as AddressInfo).port));
  });

/** A partner's CMS page: its own fonts and colours, the snippets pasted as the builder gives them. */
function partnerPage(): string {
  const element = embedSnippets(directoryUrl, parseListingRequest('events', { topic: 'health', limit: '5', theme: 'light' })).element;
  const iframe = embedSnippets(directoryUrl, parseListingRequest('events', { topic: 'health', limit: '5' })).iframe.replace(
    /height="\d+"/,
    'height="120"',
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northshire Health Network</title>
<style>
  body { font-family: Georgia, 'Times New Roman', serif; margin: 0; background: #faf7f2; color: #2b2b2b; }
  header { background: #14532d; color: #fff; padding: 1rem 2rem; } header h1 { margin: 0; font-size: 1.5rem; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; padding: 1.5rem 2rem; }
  h2 { color: #14532d; font-size: 1.15rem; } .dark-panel { background: #0d1117; padding: 1rem; border-radius: 8px; }
  #branded { --ed-link: rgb(20, 83, 45); --ed-border: #b7d3c0; }
  /* A partner page that styles every link and list must not restyle the embed. */
  a { color: hotpink !important; } ul { list-style: square; } li { margin-left: 3rem; }
</style></head><body>
<header><h1>Northshire Health Network</h1></header>
<main>
  <section><h2>Upcoming events (custom element, light)</h2>${element}
    <h2>Same listing, branded with --ed-* properties</h2>
    <engagement-listing id="branded" kind="events" topic="health" limit="2">fallback</engagement-listing></section>
  <section><h2>Iframe</h2>${iframe}
    <h2>Dark theme</h2><div class="dark-panel"><engagement-listing id="dark" kind="events" topic="health" limit="2" theme="dark"></engagement-listing></div></section>
</main></body></html>`;
}

function elementOnlyPage(attributes: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
<script src="${directoryUrl}/embed.js" type="module"></script></head>
<body><engagement-listing ${attributes}><a href="${directoryUrl}/events">Events</a></engagement-listing></body></html>`;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const db = handle.db;
  const health = await createTopic({ db, slug: 'health', label: 'Health' });
  const day = 864e5;
  await createEvent({
    db,
    slug: 'data-clinic',
    title: 'Data clinic for community groups',
    description: 'Bring your questions about the data your group holds.',
    topics: [health],
    format: 'in_person',
    venue: 'Central Library',
    startsAt: new Date(Date.now() + 3 * day).toISOString(),
  });
  await createEvent({ db, slug: 'markup-night', title: hostile, topics: [health], startsAt: new Date(Date.now() + 5 * day).toISOString() });
  await createEvent({
    db,
    slug: 'rtl-workshop',
    title: rtl,
    topics: [health],
    format: 'hybrid',
    startsAt: new Date(Date.now() + 8 * day).toISOString(),
  });
  await createEvent({
    db,
    slug: 'ai-cafe',
    title: 'AI café: what should the NHS do with our data?',
    topics: [health],
    startsAt: new Date(Date.now() + 12 * day).toISOString(),
  });

  // The app needs its public URL before it exists, and the URL needs the port: route through a holder.
  let app: ReturnType<typeof createApp> | undefined;
  directory = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  directoryUrl = `http://127.0.0.1:${await listen(directory)}`;
  app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'error', PUBLIC_URL: directoryUrl }) });

  // Another origin (localhost, not 127.0.0.1, and another port), as a partner's site would be.
  partner = createServer((req, res) => {
    // /element?attributes=...: a page with just one element, as a partner trying one out would make.
    const one = new URL(req.url ?? '/', 'http://partner').searchParams.get('attributes');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(one === null ? partnerPage() : elementOnlyPage(one));
  });
  partner.listen(0, '127.0.0.1');
  partnerUrl = `http://localhost:${await listen(partner)}/`;

  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => partner?.close(r));
  await new Promise((r) => directory?.close(r));
  await handle?.close();
});

async function openPartnerPage(options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  // Visible in the log when a wait times out: what the browser refused or could not load.
  page.on('console', (m) => m.type() === 'error' && console.error(`[browser] ${m.text()}`));
  page.on('requestfailed', (r) => console.error(`[browser] failed ${r.url()}: ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (r.url().startsWith(`${directoryUrl}/graphql`)) graphqlRequests.push(`${r.method()} ${r.url()}`);
  });
  await page.goto(partnerUrl);
  return page;
}

const shadowItems = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const root = document.querySelector(sel)!.shadowRoot!;
    return [...root.querySelectorAll('li')].map((li) => ({ text: li.querySelector('a')!.textContent, href: li.querySelector('a')!.href }));
  }, selector);

describe('a partner page', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPartnerPage();
    await page.waitForFunction(() =>
      ['engagement-listing', '#branded', '#dark'].every(
        (s) => (document.querySelector(s)?.shadowRoot?.querySelectorAll('li').length ?? 0) > 0,
      ),
    );
    // The iframe reports its height once loaded; wait for the host page's listener to apply it.
    await page.waitForFunction(() => (document.querySelector('iframe') as HTMLIFrameElement).style.height !== '');
  });

  test('the custom element renders the listing inside its shadow root, linking to the directory', async () => {
    const items = await shadowItems(page, 'engagement-listing');
    expect(items.map((i) => i.text)).toEqual([
      'Data clinic for community groups',
      hostile,
      rtl,
      'AI café: what should the NHS do with our data?',
    ]);
    expect(items.map((i) => i.href)).toEqual([
      `${directoryUrl}/events/data-clinic`,
      `${directoryUrl}/events/markup-night`,
      `${directoryUrl}/events/rtl-workshop`,
      `${directoryUrl}/events/ai-cafe`,
    ]);
    // List semantics and a label for screen readers; the light-DOM fallback link is not shown once rendered.
    const a11y = await page.evaluate(() => {
      const root = document.querySelector('engagement-listing')!.shadowRoot!;
      const list = root.querySelector('ul')!;
      return {
        role: list.getAttribute('role'),
        label: list.getAttribute('aria-label'),
        more: root.querySelector('.ed-more a')!.getAttribute('href'),
        fallbackVisible: (document.querySelector('engagement-listing > a') as HTMLElement).offsetParent !== null,
      };
    });
    expect(a11y).toEqual({
      role: 'list',
      label: 'Upcoming events from the Engagement Directory',
      more: `${directoryUrl}/events?topic=health`,
      fallbackVisible: false,
    });
    // One short, cacheable GET by hash, identical for every visitor (three elements, two distinct listings).
    expect(graphqlRequests.every((r) => r.startsWith(`GET ${directoryUrl}/graphql?documentId=sha256:`))).toBe(true);
    expect(graphqlRequests.length).toBeGreaterThanOrEqual(2);
  });

  test('hostile entry text stays text: nothing runs, no element is created', async () => {
    const result = await page.evaluate(() => {
      const root = document.querySelector('engagement-listing')!.shadowRoot!;
      return { pwned: (window as { __pwned?: number }).__pwned ?? null, imgs: root.querySelectorAll('img, script').length };
    });
    expect(result).toEqual({ pwned: null, imgs: 0 });
    const frame = page.frames().find((f) => f.url().startsWith(`${directoryUrl}/embed/`))!;
    const inFrame = await frame.evaluate(() => ({
      pwned: (window as { __pwned?: number }).__pwned ?? null,
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      titles: [...document.querySelectorAll('.ed-title')].map((a) => a.textContent),
    }));
    expect(inFrame).toEqual({
      pwned: null,
      imgs: 0,
      scripts: 1,
      titles: ['Data clinic for community groups', hostile, rtl, 'AI café: what should the NHS do with our data?'],
    });
  });

  test('the iframe grows to its content through postMessage', async () => {
    const frame = page.frames().find((f) => f.url().startsWith(`${directoryUrl}/embed/`))!;
    const contentHeight = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const shown = await page.evaluate(() => (document.querySelector('iframe') as HTMLIFrameElement).getBoundingClientRect().height);
    expect(contentHeight).toBeGreaterThan(120);
    expect(shown).toBe(contentHeight);
  });

  test('themes and --ed-* custom properties apply, and the page’s own link styles do not leak in', async () => {
    const colours = await page.evaluate(() => {
      const title = (sel: string) => getComputedStyle(document.querySelector(sel)!.shadowRoot!.querySelector('.ed-title')!).color;
      const card = (sel: string) => getComputedStyle(document.querySelector(sel)!.shadowRoot!.querySelector('.ed-item')!).backgroundColor;
      return {
        light: title('engagement-listing'),
        branded: title('#branded'),
        dark: title('#dark'),
        lightCard: card('engagement-listing'),
        darkCard: card('#dark'),
        font: getComputedStyle(document.querySelector('engagement-listing')!.shadowRoot!.querySelector('.ed-title')!).fontFamily,
      };
    });
    expect(colours).toEqual({
      light: 'rgb(11, 87, 208)',
      branded: 'rgb(20, 83, 45)',
      dark: 'rgb(138, 180, 248)',
      lightCard: 'rgb(255, 255, 255)',
      darkCard: 'rgb(22, 27, 34)',
      font: 'Georgia, "Times New Roman", serif',
    });
    await page.screenshot({ path: `${artifacts}/embed-partner-page.png`, fullPage: true });
  });
});

test('theme="auto" follows the visitor’s colour scheme', async () => {
  const page = await openPartnerPage({ colorScheme: 'dark' });
  await page.evaluate(() => document.querySelector('engagement-listing')!.setAttribute('theme', 'auto'));
  await page.waitForFunction(() => (document.querySelector('engagement-listing')!.shadowRoot!.querySelectorAll('li').length ?? 0) > 0);
  const colour = await page.evaluate(
    () => getComputedStyle(document.querySelector('engagement-listing')!.shadowRoot!.querySelector('.ed-title')!).color,
  );
  expect(colour).toBe('rgb(138, 180, 248)');
  await page.context().close();
});

test('without JavaScript the fallback link shows and the iframe still lists everything', async () => {
  const page = await openPartnerPage({ javaScriptEnabled: false });
  const fallback = await page.locator('engagement-listing > a').first();
  expect(await fallback.isVisible()).toBe(true);
  expect(await fallback.getAttribute('href')).toBe(`${directoryUrl}/events?topic=health`);
  const frame = page.frames().find((f) => f.url().startsWith(`${directoryUrl}/embed/`))!;
  await frame.waitForSelector('.ed-item');
  expect(await frame.locator('.ed-item').count()).toBe(4);
  await page.context().close();
});

test('the builder page previews and updates the snippet as the partner types', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  // Browsers ask every site for /favicon.ico, which the directory does not have; anything else failing counts.
  page.on('console', (m) => m.type() === 'error' && !/status of 404/.test(m.text()) && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${directoryUrl}/embed`);
  await page.selectOption('#ed-kind', 'events');
  await page.fill('#ed-topic', 'health');
  await page.fill('#ed-limit', '3');
  await page.waitForFunction(() => (document.querySelector('#ed-preview-element')!.shadowRoot?.querySelectorAll('li').length ?? 0) === 3);
  const snippet = await page.inputValue('#ed-snippet-element');
  expect(snippet).toContain('<engagement-listing kind="events" topic="health" limit="3">');
  expect(await page.inputValue('#ed-snippet-oembed')).toBe(`${directoryUrl}/events?topic=health`);
  expect(await page.getAttribute('#ed-preview-frame', 'src')).toBe('/embed/events?topic=health&limit=3');
  // Filters that a kind lacks are hidden for it.
  await page.selectOption('#ed-kind', 'methods');
  expect(await page.isVisible('#ed-topic')).toBe(false);
  await page.selectOption('#ed-kind', 'events');
  await page.waitForFunction(() => (document.querySelector('#ed-preview-frame') as HTMLIFrameElement).style.height !== '');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${artifacts}/embed-builder.png`, fullPage: true });
  // Nothing was blocked by our own CSP, and nothing threw.
  expect(errors).toEqual([]);
  await context.close();
});

describe('mistakes a partner can make are shown, not swallowed', () => {
  /** A partner page with one element, and what the browser's console said while it rendered. */
  async function elementPage(attributes: string) {
    const context = await browser.newContext({ viewport: { width: 900, height: 400 } });
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    page.on('console', (m) => m.type() === 'error' && console.error(`[browser] ${m.text()}`));
    await page.goto(`${partnerUrl}element?attributes=${encodeURIComponent(attributes)}`);
    await page.waitForFunction(() => !!document.querySelector('engagement-listing')!.shadowRoot?.querySelector('.ed-status, li'));
    const text = await page.evaluate(
      () => document.querySelector('engagement-listing')!.shadowRoot!.querySelector('.ed-root')!.textContent,
    );
    return { page, context, warnings, text };
  }

  test('a misspelt topic says the topic does not exist, on the page and in the console', async () => {
    const { page, context, warnings, text } = await elementPage('kind="events" topic="helth"');
    expect(text).toContain('This listing cannot be shown: No published topic is called “helth”.');
    expect(text).not.toContain('No events match yet');
    expect(warnings.some((w) => w.includes('No published topic is called “helth”'))).toBe(true);
    await page.screenshot({ path: `${artifacts}/embed-element-misspelt-topic.png` });
    await context.close();
  });

  test('a filter the kind does not have is named, as the iframe names it', async () => {
    const { context, warnings, text } = await elementPage('kind="organisations" series="monthly"');
    expect(text).toContain('series does not apply to organisations; organisations accept topic, region, search.');
    expect(warnings.some((w) => w.includes('series does not apply to organisations'))).toBe(true);
    await context.close();
  });

  test('event cards carry their description, as the other kinds do', async () => {
    const { context, text } = await elementPage('kind="events" topic="health" limit="1"');
    expect(text).toContain('Bring your questions about the data your group holds.');
    await context.close();
  });

  test('the builder shows the mistake in both previews', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${directoryUrl}/embed`);
    await page.selectOption('#ed-kind', 'events');
    await page.fill('#ed-topic', 'helth');
    await page.waitForFunction(() => !!document.querySelector('#ed-preview-element')!.shadowRoot?.querySelector('.ed-error'), undefined, {
      timeout: 10_000,
    });
    const frame = page.frames().find((f) => f.url().includes('/embed/events?topic=helth'))!;
    await frame.waitForSelector('.ed-error');
    expect(await frame.textContent('.ed-error')).toContain('No published topic is called "helth".');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${artifacts}/embed-builder-misspelt-topic.png`, fullPage: true });
    await context.close();
  });
});
