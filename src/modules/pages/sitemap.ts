// /robots.txt and /sitemap.xml: what crawlers may fetch, and every published page and listing with its last change.
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Config } from '../../config.ts';
import { type Db, rowsOf } from '../../db.ts';
import { publishedSql } from '../catalogue/visibility.ts';
import { cacheable } from './caching.ts';

/** URL path segment of each entry type, and its table. */
const sections = [
  ['events', 'events'],
  ['organisations', 'organisations'],
  ['case-studies', 'case_studies'],
  ['methods', 'methods'],
  ['topics', 'topics'],
] as const;

/** sitemaps.org: at most 50,000 URLs in one file. Past that an index of several files would be needed. */
export const SITEMAP_MAX_URLS = 50_000;

export interface SitemapUrl {
  loc: string;
  lastmod: string;
}

/** Every published entry's page, newest change first within its type, and each listing with its newest change. */
export async function loadSitemapUrls(db: Db, base: string): Promise<SitemapUrl[]> {
  const rows = await rowsOf<{ section: string; slug: string; updatedAt: string | Date }>(
    db,
    sql.join(
      sections.map(
        ([path, table]) =>
          sql`(SELECT ${path}::text AS section, slug, updated_at AS "updatedAt" FROM ${sql.identifier(table)} WHERE ${publishedSql()})`,
      ),
      sql` UNION ALL `,
    ),
  );
  const iso = (d: string | Date) => new Date(d).toISOString();
  const newest = new Map<string, string>();
  for (const r of rows) {
    const at = iso(r.updatedAt);
    if ((newest.get(r.section) ?? '') < at) newest.set(r.section, at);
    if ((newest.get('') ?? '') < at) newest.set('', at);
  }
  // Listing pages change when anything in them does; the home page when anything at all does.
  const listings = ['', ...sections.map(([path]) => path)]
    .filter((path) => newest.has(path))
    .map((path) => ({ loc: `${base}/${path}`, lastmod: newest.get(path)! }));
  const entries = rows
    .map((r) => ({ loc: `${base}/${r.section}/${r.slug}`, lastmod: iso(r.updatedAt) }))
    .sort((a, b) => (a.loc < b.loc ? -1 : 1));
  return [...listings, ...entries].slice(0, SITEMAP_MAX_URLS);
}

export function sitemapXml(urls: SitemapUrl[]) {
  return html`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => html`<url><loc>${u.loc}</loc><lastmod>${u.lastmod}</lastmod></url>\n`)}</urlset>
`;
}

export function robotsTxt(base: string): string {
  // Embeds are framed into partners' pages (and say noindex); GraphQL and the builder are tools, not content.
  return [
    'User-agent: *',
    'Disallow: /graphql',
    'Disallow: /graphiql/',
    'Disallow: /embed',
    'Disallow: /oembed',
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
}

export function crawlerRoutes({ readDb, config }: { readDb: () => Db; config: Pick<Config, 'PUBLIC_URL'> }) {
  const app = new Hono();
  const base = config.PUBLIC_URL;
  app.use('/sitemap.xml', ...cacheable());
  app.get('/robots.txt', (c) => c.text(robotsTxt(base), 200, { 'Cache-Control': 'public, max-age=86400' }));
  app.get('/sitemap.xml', async (c) => {
    const body = await sitemapXml(await loadSitemapUrls(readDb(), base));
    return c.body(body.toString(), 200, { 'Content-Type': 'application/xml; charset=utf-8' });
  });
  return app;
}
