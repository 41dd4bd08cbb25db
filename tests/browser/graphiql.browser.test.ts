// GraphiQL at /graphql works with nothing but this server: every other origin is cut off, as offline.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser } from 'playwright-core';
import { launchChromium } from './support.ts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createOrganisation } from '../../seed/factories.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DbHandle } from '../../src/db.ts';
import { openTestDatabase } from '../support/database.ts';

const artifacts = 'test-artifacts';
let handle: DbHandle;
let server: ServerType;
let browser: Browser;
let base: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  await createOrganisation({ db: handle.db, name: 'Offline Trust' });
  let app: ReturnType<typeof createApp> | undefined;
  server = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'error', PUBLIC_URL: base }) });
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await handle?.close();
});

test('GraphiQL loads from this server alone, under its CSP, and runs a query', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const elsewhere: string[] = [];
  const problems: string[] = [];
  // Offline: anything not on this origin fails, as it would with no network.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    elsewhere.push(url);
    return route.abort('internetdisconnected');
  });
  page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  const res = await page.goto(`${base}/graphql`);
  const csp = res!.headers()['content-security-policy']!;
  expect(csp).not.toMatch(/https?:|unsafe-eval/);
  expect(csp).toMatch(/script-src 'self';/);
  await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
  expect(await page.textContent('body')).not.toContain('Loading');
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    () =>
      document
        .querySelector('.result-window')
        ?.textContent?.replace(/\u00a0/g, ' ')
        .includes('"Offline Trust"'),
    undefined,
    {
      timeout: 30_000,
    },
  );
  await page.screenshot({ path: `${artifacts}/graphiql-offline.png` });
  expect(elsewhere).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
