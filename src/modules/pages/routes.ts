// The public pages sub-app: /events/<slug>, /organisations/<slug>, /case-studies/<slug>, /methods/<slug>, /topics/<slug>; HTML or JSON-LD by Accept.
import { currentSlugFor } from '../catalogue/slug-redirects.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { cacheable } from './caching.ts';
import { caseStudyPage } from './case-study-page.ts';
import { eventPage } from './event-page.ts';
import { page, type PageOptions } from './layout.ts';
import { loadCaseStudyPage, loadEventPage, loadMethodPage, loadOrganisationPage, loadTopicPage } from './load.ts';
import { methodPage } from './method-page.ts';
import { organisationPage } from './organisation-page.ts';
import { siteScript, siteScriptPath } from './site-script.ts';
import { stylesheet, stylesheetPath } from './stylesheet.ts';
import { topicPage } from './topic-page.ts';
import { originOf, type EntryOrigin } from '../sync/origins.ts';
import { safeUrl } from './layout.ts';

export interface PageDeps {
  /** The database anonymous reads use (a replica, when there are any), drawn per request. */
  readDb: () => Db;
  config: Pick<Config, 'PUBLIC_URL'>;
}

interface Kind<T> {
  noun: string;
  type: EntryType;
  load: (db: Db, slug: string) => Promise<T | null>;
  render: (base: string, data: T) => PageOptions;
}
const kind = <T>(k: Kind<T>) => k as Kind<unknown>;

const kinds: Record<string, Kind<unknown>> = {
  events: kind({ noun: 'event', type: 'event', load: loadEventPage, render: eventPage }),
  organisations: kind({ noun: 'organisation', type: 'organisation', load: loadOrganisationPage, render: organisationPage }),
  'case-studies': kind({ noun: 'case study', type: 'caseStudy', load: loadCaseStudyPage, render: caseStudyPage }),
  methods: kind({ noun: 'method', type: 'method', load: loadMethodPage, render: methodPage }),
  topics: kind({ noun: 'topic', type: 'topic', load: loadTopicPage, render: topicPage }),
};

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether the client ranks JSON-LD above HTML (a missing q counts as 1; HTML absent counts as 0). */
export function prefersJsonLd(accept: string | undefined): boolean {
  if (!accept) return false;
  const q = (type: string) => {
    for (const part of accept.split(',')) {
      const [media, ...params] = part
        .trim()
        .toLowerCase()
        .split(';')
        .map((s) => s.trim());
      if (media !== type) continue;
      const weight = params.find((p) => p.startsWith('q='));
      const value = weight ? Number(weight.slice(2)) : 1;
      return Number.isFinite(value) ? value : 0;
    }
    return 0;
  };
  const ld = q('application/ld+json');
  return ld > 0 && ld >= q('text/html');
}

/**
 * An entry another directory brought: its page there is the canonical one (search engines index the original), and
 * the page says where it comes from.
 */
function withOrigin(options: PageOptions, origin: EntryOrigin | null): PageOptions {
  if (!origin) return options;
  const url = safeUrl(origin.url);
  const line = html`<p class="origin">From ${origin.source}${url ? html`: <a href="${url}" rel="external">${url}</a>` : ''}</p>`;
  return { ...options, canonical: url ?? options.canonical, body: html`${line}${options.body}` };
}

function notFound(c: Context, noun: string, jsonLd: boolean) {
  const message = `There is no published ${noun} at this address.`;
  if (jsonLd) return c.json({ error: { code: 'NOT_FOUND', message } }, 404);
  return c.html(
    html`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Not found · Engagement Directory</title></head>
<body><main><h1>Not found</h1><p>${message}</p><p><a href="/">Engagement Directory</a></p></main></body></html>`,
    404,
  );
}

export function createPageRoutes({ readDb, config }: PageDeps) {
  const app = new Hono();
  // Content-addressed assets: a change makes a new address, so each may be kept for a year.
  const immutable = 'public, max-age=31536000, immutable';
  app.get(stylesheetPath, (c) => c.body(stylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': immutable }));
  app.get(siteScriptPath, (c) => c.body(siteScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': immutable }));
  for (const [path, k] of Object.entries(kinds)) {
    // Per path, not '*': this app is mounted at the root, where '*' would also catch /graphql.
    app.use(`/${path}/*`, ...cacheable());
    app.get(`/${path}/:slug`, async (c) => {
      const db = readDb();
      const slug = c.req.param('slug') ?? '';
      const jsonLd = prefersJsonLd(c.req.header('accept'));
      // A path that cannot be a slug names nothing: no query for it.
      const plausible = slug.length <= 200 && slugPattern.test(slug);
      const data = plausible ? await k.load(db, slug) : null;
      if (!data) {
        // A renamed entry's old address keeps working, permanently moved to the new one.
        const current = plausible ? await currentSlugFor(db, k.type, slug) : null;
        if (current && current !== slug) return c.redirect(`/${path}/${current}`, 301);
        return notFound(c, k.noun, jsonLd);
      }
      const origin = await originOf(db, k.type, (data as { id: number }).id);
      const options = withOrigin(k.render(config.PUBLIC_URL, data), origin);
      if (jsonLd) return c.body(JSON.stringify(options.jsonLd), 200, { 'Content-Type': 'application/ld+json; charset=utf-8' });
      return c.html(await page(config.PUBLIC_URL, options));
    });
  }
  return app;
}
