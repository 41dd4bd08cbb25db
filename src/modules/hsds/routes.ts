// The read-only HSDS API under /hsds/: published entries only, read from the database anonymous reads use.
import { type Context, Hono } from 'hono';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import { publicCors } from '../../http/public-cors.ts';
import { compiledSchemas } from './compiled-schemas.ts';
import { eventsBatch, findEvent, listEvents } from './events.ts';
import { findOrganization, listOrganizations, organizationsBatch } from './organisations.ts';
import { ndjsonStream, NDJSON_BATCH, pageOf } from './page.ts';
import { acceptOnly, parseId, parseListQuery, type ListQuery } from './params.ts';
import { apiMeta, profileDescription } from './profile.ts';
import { listTerms, termsBatch, topicsTaxonomy } from './topics.ts';

export interface HsdsDeps {
  /** The database anonymous reads use (a replica, when there are any), drawn per request. */
  readDb: () => Db;
  config: Pick<Config, 'PUBLIC_URL'>;
}

type Batch = (
  db: Db,
  o: { afterId: number; size: number; modifiedAfter: string | null; base: string },
) => Promise<{ items: unknown[]; lastId: number | null }>;

// Entries change editorially, minutes apart at the busiest: a minute's staleness is cheap for a shared cache.
const CACHE_CONTROL = 'public, max-age=60';

const notFound = (what: string) => new AppError('NOT_FOUND', `No published ${what} has this id.`);

export function createHsdsRoutes({ readDb, config }: HsdsDeps) {
  // Full paths, mounted at the root: a sub-app mounted at /hsds could not answer /hsds/ (Hono drops the slash).
  // So middleware names its paths too: `*` would reach every route of the parent app.
  const app = new Hono();
  const base = config.PUBLIC_URL;
  for (const path of ['/hsds', '/hsds/*']) {
    // Open data: any site may read it from a browser, as it may /changes and the snapshot.
    app.use(path, publicCors());
    app.use(path, async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', CACHE_CONTROL);
    });
  }

  /** The whole list as ndjson lines of its list items (HSDS: "stream all the results without pagination"). */
  const dump = (c: Context, q: ListQuery, batch: Batch) => {
    const db = readDb();
    const body = ndjsonStream((afterId) => batch(db, { afterId, size: NDJSON_BATCH, modifiedAfter: q.modifiedAfter, base }));
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  };

  for (const path of ['/hsds/', '/hsds'])
    app.get(path, (c) => {
      acceptOnly(c.req.queries(), []);
      return c.json(apiMeta(base));
    });
  app.get('/hsds/profile', (c) => {
    acceptOnly(c.req.queries(), []);
    return c.json(profileDescription(base));
  });
  app.get('/hsds/schema/:file{[a-z_]+\\.json}', (c) => {
    const schema = compiledSchemas[c.req.param('file').replace(/\.json$/, '')];
    if (!schema) throw new AppError('NOT_FOUND', `The profile has no schema ${c.req.param('file')}.`);
    return c.json(schema);
  });

  app.get('/hsds/organizations', async (c) => {
    const q = parseListQuery(c.req.queries());
    if (q.format === 'ndjson') return dump(c, q, organizationsBatch);
    const { organizations, total } = await listOrganizations(readDb(), q, base);
    return c.json(pageOf(organizations, total, q));
  });
  app.get('/hsds/organizations/:id', async (c) => {
    const organization = await findOrganization(readDb(), parseId(c.req.param('id'), c.req.queries()), base);
    if (!organization) throw notFound('organization');
    return c.json(organization);
  });

  app.get('/hsds/events', async (c) => {
    const q = parseListQuery(c.req.queries());
    if (q.format === 'ndjson') return dump(c, q, eventsBatch);
    const { events, total } = await listEvents(readDb(), q, base);
    return c.json(pageOf(events, total, q));
  });
  app.get('/hsds/events/:id', async (c) => {
    const event = await findEvent(readDb(), parseId(c.req.param('id'), c.req.queries()), base);
    if (!event) throw notFound('event');
    return c.json(event);
  });

  // One taxonomy, the topics: nothing to read, and nothing that changes but with a release.
  app.get('/hsds/taxonomies', (c) => {
    const q = parseListQuery(c.req.queries(), { modifiedAfter: false });
    const all = [topicsTaxonomy(base)];
    if (q.format === 'ndjson')
      return c.body(all.map((t) => `${JSON.stringify(t)}\n`).join(''), 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
    return c.json(pageOf(all.slice((q.page - 1) * q.perPage, q.page * q.perPage), all.length, q));
  });

  app.get('/hsds/taxonomy_terms', async (c) => {
    const q = parseListQuery(c.req.queries());
    if (q.format === 'ndjson') return dump(c, q, termsBatch);
    const { terms, total } = await listTerms(readDb(), q, base);
    return c.json(pageOf(terms, total, q));
  });
  return app;
}
