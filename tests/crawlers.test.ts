// robots.txt and sitemap.xml, the sitemap validated against the sitemaps.org schema by libxml2 (xmllint-wasm).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createOrganisation } from '../seed/factories.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

// The schema as sitemaps.org publishes it, shipped inside the `sitemap` package.
const schemaPath = join(dirname(createRequire(import.meta.url).resolve('sitemap/package.json')), 'schema', 'sitemap.xsd');

let t: TestApp;
let draft: { slug: string };
beforeAll(async () => {
  t = await createSeededTestApp();
  draft = await createOrganisation({ db: t.handle.db, name: 'Not yet public', publicationState: 'draft' });
  await createEvent({ db: t.handle.db, title: 'Ampersands & <angles>' });
});
afterAll(() => t.close());

describe('robots.txt', () => {
  it('lets crawlers read the pages, keeps them out of the tools, and names the sitemap', async () => {
    const res = await t.app.request('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^User-agent: \*$/m);
    expect(text).toMatch(/^Disallow: \/graphql$/m);
    expect(text).toMatch(/^Disallow: \/embed$/m);
    expect(text).not.toMatch(/^Disallow: \/$/m);
    expect(text).toContain(`Sitemap: ${t.config.PUBLIC_URL}/sitemap.xml`);
  });
});

describe('sitemap.xml', () => {
  let xml: string;
  let urls: { loc: string; lastmod: string }[];
  beforeAll(async () => {
    const res = await t.app.request('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    xml = await res.text();
    urls = [...xml.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/g)].map((m) => ({ loc: m[1]!, lastmod: m[2]! }));
  });

  it('is valid against the sitemaps.org schema', async () => {
    const result = await validateXML({
      xml: [{ fileName: 'sitemap.xml', contents: xml }],
      schema: [readFileSync(schemaPath, 'utf8')],
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true); // The validator does refuse what the schema forbids (a day-first date), so the pass above means something.
    const broken = xml.replace(/<lastmod>[^<]+<\/lastmod>/, '<lastmod>07/12/2026</lastmod>');
    expect(
      (await validateXML({ xml: [{ fileName: 'broken.xml', contents: broken }], schema: [readFileSync(schemaPath, 'utf8')] })).valid,
    ).toBe(false);
  });

  it('lists every published entry, and nothing unpublished', async () => {
    const { body } = await t.graphql(`{
      events(first: 0, filter: { timeframe: ALL }) { totalCount } organisations(first: 0) { totalCount }
      caseStudies(first: 0) { totalCount } methods(first: 0) { totalCount } topics(first: 0) { totalCount } }`);
    const base = t.config.PUBLIC_URL;
    const count = (section: string) => urls.filter((u) => u.loc.startsWith(`${base}/${section}/`)).length;
    expect(count('events')).toBe(body.data.events.totalCount);
    expect(count('organisations')).toBe(body.data.organisations.totalCount);
    expect(count('case-studies')).toBe(body.data.caseStudies.totalCount);
    expect(count('methods')).toBe(body.data.methods.totalCount);
    expect(count('topics')).toBe(body.data.topics.totalCount);
    expect(xml).not.toContain(draft.slug);
    expect(urls.map((u) => u.loc)).toContain(`${base}/case-studies/ai-public-dialogues`);
    // Every entry URL answers with its page.
    for (const u of urls.filter((u) => /\/(events|organisations|case-studies|methods|topics)\/[^/]+$/.test(u.loc)).slice(0, 15))
      expect((await t.app.request(new URL(u.loc).pathname)).status, u.loc).toBe(200);
  });

  it('gives each URL its last change, and each listing the newest change in it', async () => {
    const { body } = await t.graphql('{ caseStudy(slug: "ai-public-dialogues") { updatedAt } }');
    const page = urls.find((u) => u.loc.endsWith('/case-studies/ai-public-dialogues'))!;
    expect(Date.parse(page.lastmod)).toBe(Date.parse(body.data.caseStudy.updatedAt));
    const listing = urls.find((u) => u.loc === `${t.config.PUBLIC_URL}/case-studies`)!;
    const newest = Math.max(...urls.filter((u) => u.loc.includes('/case-studies/')).map((u) => Date.parse(u.lastmod)));
    expect(Date.parse(listing.lastmod)).toBe(newest);
    for (const path of ['/', '/events', '/organisations', '/case-studies', '/methods', '/topics'])
      expect(urls.map((u) => u.loc)).toContain(`${t.config.PUBLIC_URL}${path}`);
  });

  it('carries an ETag and answers 304', async () => {
    const first = await t.app.request('/sitemap.xml');
    const again = await t.app.request('/sitemap.xml', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});
