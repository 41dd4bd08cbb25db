/** @jsxImportSource hono/jsx */
// The directory sub-app: the home page, /events (and its calendar), /case-studies, /organisations, /methods, /topics and /search.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/request-context.ts';
import { filterFields } from '../embed/kinds.ts';
import { cacheable } from '../pages/caching.ts';
import { renderDocument } from '../pages/shell.tsx';
import { CalendarView, monthOf } from './calendar.tsx';
import { calendarDocument, listingDocuments } from './documents.ts';
import { listingKinds, type ListingKind } from './facets.ts';
import { homePage } from './home.tsx';
import { announcement, listingNames, ListingView } from './listing-page.tsx';
import { countFacets, countTimeframes, loadTopicTree, runDocument, type Connection, type DirectoryDeps } from './load.ts';
import { embeddableQuery, offerFor } from './offer.ts';
import { graphqlFilter, PAGE_SIZE, parseListingRequest, queryString } from './params.ts';
import { searchPage } from './search.tsx';
import { TopicTree } from './topics.tsx';

export type { DirectoryDeps } from './load.ts';

export function createDirectoryRoutes(deps: DirectoryDeps) {
  const app = new Hono<AppEnv>();
  const base = deps.config.PUBLIC_URL;
  const send = async (c: Context<AppEnv>, body: Promise<string>) => c.html(await body);

  for (const path of ['/', '/events', '/events/calendar', '/case-studies', '/organisations', '/methods', '/topics', '/search'])
    app.use(path, ...cacheable());

  // Before /events/:slug (pages are mounted after this app): "calendar" names the view, not an event.
  app.get('/events/calendar', async (c) => {
    const r = parseListingRequest('events', c.req.queries());
    const month = monthOf(c.req.query('month'));
    // Wide enough for every time zone: each event is then placed on its own local day, and days outside the month dropped.
    const from = new Date(Date.UTC(month.year, month.month - 1, 1) - 14 * 36e5).toISOString();
    const to = new Date(Date.UTC(month.year, month.month, 1) + 14 * 36e5).toISOString();
    const filter = { ...graphqlFilter('events', r.values), timeframe: undefined, from, to };
    const data = await runDocument(deps, c.get('requestId'), calendarDocument, { filter, search: r.q });
    const connection = data.events as Connection<Record<string, any>>;
    const qs = queryString({ pairs: r.pairs, q: r.q, when: 'upcoming' });
    return send(
      c,
      renderDocument({
        base,
        title: `Events in ${month.label}`,
        description: `Calendar of events in ${month.label}.`,
        canonical: `${base}/events/calendar?month=${month.key}${qs ? `&${qs.slice(1)}` : ''}`,
        section: '/events',
        breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Events', href: '/events' }, { label: `Calendar: ${month.label}` }],
        alternates: offerFor(r).feeds.map((f) => ({ type: f.type, href: base + f.href, title: f.label })),
        children: <CalendarView month={month} connection={connection} request={r} offer={offerFor(r)} />,
      }),
    );
  });

  const listing = (kind: ListingKind) => async (c: Context<AppEnv>) => {
    const r = parseListingRequest(kind, c.req.queries());
    const paging = r.before ? { last: PAGE_SIZE, before: r.before } : { first: PAGE_SIZE, after: r.after };
    const variables = { ...paging, filter: graphqlFilter(kind, r.values), search: r.q };
    const data = await runDocument(deps, c.get('requestId'), listingDocuments[kind], variables);
    const connection = Object.values(data)[0] as Connection<Record<string, any>>;
    const db = deps.readDb();
    const counts = await countFacets(db, kind, r.values, r.q);
    const timeframes = kind === 'events' ? await countTimeframes(db, r.values, r.q) : null;
    const n = listingNames[kind];
    const offer = offerFor(r);
    const said = announcement(kind, connection.totalCount, r.q, r.when);
    return send(
      c,
      renderDocument({
        base,
        title: r.pairs.length || r.q || r.when === 'past' ? `${n.title}: ${said}` : n.title,
        description: n.lede,
        canonical: `${base}/${kind}${queryString(r)}`,
        section: `/${kind}`,
        breadcrumbs: [{ label: 'Home', href: '/' }, { label: n.title }],
        alternates: offer.feeds.map((f) => ({ type: f.type, href: base + f.href, title: f.label })),
        oembed: true,
        oembedUrl: `${base}/${kind}${embeddableQuery(r, Object.keys(filterFields[kind]))}`,
        script: true,
        children: (
          <>
            <h1>{kind === 'events' && r.when === 'past' ? 'Past events' : n.title}</h1>
            <p class="lede">{n.lede}</p>
            <p id="announce" class="result-count" role="status" aria-live="polite">
              {said}
            </p>
            <ListingView request={r} connection={connection} counts={counts} timeframes={timeframes} offer={offer} />
          </>
        ),
      }),
    );
  };
  for (const kind of listingKinds) app.get(`/${kind}`, listing(kind));

  app.get('/topics', async (c) => {
    const tree = await loadTopicTree(deps.readDb());
    return send(
      c,
      renderDocument({
        base,
        title: 'Topics',
        description: 'Every topic in the directory, broad to narrow, with what is filed under each.',
        canonical: `${base}/topics`,
        section: '/topics',
        breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Topics' }],
        jsonLd: [
          { '@context': 'https://schema.org', '@type': 'DefinedTermSet', name: 'Engagement Directory topics', url: `${base}/topics` },
        ],
        children: (
          <>
            <h1>Topics</h1>
            <p class="lede">
              Broad topics first, narrower ones inside them. A topic’s counts include everything filed under its narrower topics.
            </p>
            <TopicTree nodes={tree} />
          </>
        ),
      }),
    );
  });

  app.get('/search', async (c) => send(c, searchPage(deps, c.get('requestId'), c.req.queries())));
  app.get('/', async (c) => send(c, homePage(deps, c.get('requestId'))));
  return app;
}
