// The feeds sub-app: /feeds/events.ics|atom|json and /feeds/case-studies.atom|json, for everything or a topic, organisation or series.
import { Hono, type Context } from 'hono';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { cacheable } from '../pages/caching.ts';
import { loadFeedCaseStudies, loadFeedEvents } from './feed-entries.ts';
import { resolveFeedScope } from './feed-scope.ts';
import { eventsCalendar } from './ical.ts';
import { caseStudiesNewsFeed, eventsNewsFeed } from './syndication.ts';

export interface FeedDeps {
  /** The database anonymous reads use (a replica, when there are any), drawn per request. */
  readDb: () => Db;
  config: Pick<Config, 'PUBLIC_URL' | 'ID_AUTHORITY'>;
}

const types = {
  ics: 'text/calendar; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const;

export function createFeedRoutes({ readDb, config }: FeedDeps) {
  const app = new Hono();
  const base = config.PUBLIC_URL;
  const idAuthority = config.ID_AUTHORITY;
  app.use('*', ...cacheable());

  const send = (c: Context, format: keyof typeof types, body: string) => c.body(body, 200, { 'Content-Type': types[format] });

  app.get('/events.ics', async (c) => {
    const db = readDb();
    const scope = await resolveFeedScope(db, c.req.queries());
    const events = await loadFeedEvents({ db, scope, order: 'start' });
    const title = `Engagement Directory: events ${scope.label}`.trim();
    return send(
      c,
      'ics',
      eventsCalendar({ events, title, publicUrl: base, idAuthority, selfUrl: `${base}/feeds/events.ics${scope.query}` }),
    );
  });

  for (const format of ['atom', 'json'] as const) {
    app.get(`/events.${format}`, async (c) => {
      const db = readDb();
      const scope = await resolveFeedScope(db, c.req.queries());
      const events = await loadFeedEvents({ db, scope, order: 'added' });
      const feed = eventsNewsFeed({
        title: `Engagement Directory: new events ${scope.label}`.trim(),
        publicUrl: base,
        idAuthority,
        path: '/feeds/events',
        query: scope.query,
        events,
      });
      return send(c, format, format === 'atom' ? feed.atom() : feed.json());
    });
    app.get(`/case-studies.${format}`, async (c) => {
      const db = readDb();
      const scope = await resolveFeedScope(db, c.req.queries(), ['topic', 'organisation']);
      const caseStudies = await loadFeedCaseStudies({ db, scope });
      const feed = caseStudiesNewsFeed({
        title: `Engagement Directory: new case studies ${scope.label}`.trim(),
        publicUrl: base,
        idAuthority,
        path: '/feeds/case-studies',
        query: scope.query,
        caseStudies,
      });
      return send(c, format, format === 'atom' ? feed.atom() : feed.json());
    });
  }
  return app;
}
