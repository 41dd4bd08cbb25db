// The raw-SQL ceiling: bench-only routes answering each operation's JSON with one hand-written query (never mounted in production).
import { Hono } from 'hono';
import { worthPreparing, type DbHandle } from '../src/db.ts';
import { SEARCH_RANK_WINDOW } from '../src/modules/catalogue/filters.ts';

const iso = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
// As the API's upcomingSql bounds "not yet ended": no such event starts before the earliest start of those running now.
const earliestRunning = `(SELECT coalesce(min(r.starts_at), now()) FROM events r
    WHERE tstzrange(r.starts_at, coalesce(r.ends_at, r.starts_at), '[]') @> now())`;
const wrap = (field: string, value: string) => `json_build_object('data', json_build_object('${field}', ${value}))::text AS body`;

export const rawQueries = {
  'nested-organisations': `SELECT ${wrap(
    'organisations',
    `json_build_object('nodes', coalesce(json_agg(json_build_object(
      'name', o.name, 'caseStudies', json_build_object('edges', cs.edges)) ORDER BY o.name, o.id), '[]'))`,
  )}
    FROM (SELECT id, name FROM organisations WHERE publication_state = 'published' ORDER BY name, id LIMIT 20) o
    LEFT JOIN LATERAL (
      SELECT coalesce(json_agg(json_build_object('role', upper(x.role), 'node', json_build_object('title', c.title,
        'methods', json_build_object('nodes', m.nodes))) ORDER BY x.case_study_id DESC, x.role), '[]') AS edges
      FROM (SELECT x.case_study_id, x.role FROM case_study_organisations x
            JOIN case_studies c ON c.id = x.case_study_id AND c.publication_state = 'published'
            WHERE x.organisation_id = o.id ORDER BY x.case_study_id DESC, x.role LIMIT 5) x
      JOIN case_studies c ON c.id = x.case_study_id
      LEFT JOIN LATERAL (
        SELECT coalesce(json_agg(json_build_object('name', m.name) ORDER BY m.name, m.id), '[]') AS nodes
        FROM (SELECT m.id, m.name FROM methods m JOIN case_study_methods y ON y.method_id = m.id
              WHERE y.case_study_id = c.id AND m.publication_state = 'published' ORDER BY m.name, m.id LIMIT 20) m
      ) m ON true
    ) cs ON true`,
  // The topic's first 20 events from event_topic_reach, as the embed's listing below.
  'upcoming-events': `SELECT ${wrap(
    'events',
    `json_build_object('nodes', coalesce(json_agg(json_build_object('slug', e.slug, 'title', e.title,
      'startsAt', to_char(e.starts_at AT TIME ZONE 'UTC', ${iso}),
      'place', CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('name', p.name, 'region', p.region) END,
      'organisers', json_build_object('edges', org.edges)) ORDER BY e.starts_at, e.id), '[]'))`,
  )}
    FROM (SELECT r.event_id FROM event_topic_reach r WHERE r.topic_id = (SELECT id FROM topics WHERE slug = $1)
      AND r.ends_at >= now() AND r.starts_at >= ${earliestRunning} ORDER BY r.starts_at, r.event_id LIMIT 20) first
    JOIN events e ON e.id = first.event_id
    LEFT JOIN places p ON p.id = e.place_id
    LEFT JOIN LATERAL (
      SELECT coalesce(json_agg(json_build_object('role', upper(x.role), 'node', json_build_object('name', o.name))
        ORDER BY x.organisation_id), '[]') AS edges
      FROM event_organisers x JOIN organisations o ON o.id = x.organisation_id AND o.publication_state = 'published'
      WHERE x.event_id = e.id
    ) org ON true`,
  // The embed's listing: its matches counted up to 1,000 (count), then the page, both from event_topic_reach (one row
  // per event and topic it reaches, narrower topics included): the count an index range to 1,001 rows, the page the
  // first 20 rows of the same index in (starts_at, id) order.
  'embed-events': `WITH topic AS MATERIALIZED (SELECT id FROM topics WHERE slug = $1),
      reach AS NOT MATERIALIZED (SELECT r.event_id, r.starts_at FROM event_topic_reach r WHERE r.topic_id = (SELECT id FROM topic)
        AND r.ends_at >= now() AND r.starts_at >= ${earliestRunning})
    SELECT ${wrap(
      'events',
      `json_build_object('count', (SELECT json_build_object('value', least(n, 1000), 'exact', n <= 1000)
        FROM (SELECT count(*) AS n FROM (SELECT 1 FROM reach LIMIT 1001) upcoming) c), 'nodes', coalesce(json_agg(json_build_object(
      'slug', e.slug, 'title', e.title, 'startsAt', to_char(e.starts_at AT TIME ZONE 'UTC', ${iso}), 'timeZone', e.time_zone,
      'datePrecision', upper(e.date_precision), 'format', upper(e.format), 'status', upper(e.status), 'venue', e.venue,
      'description', e.description, 'place', CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('name', p.name) END) ORDER BY e.starts_at, e.id), '[]'))`,
    )}
    FROM (SELECT event_id FROM reach ORDER BY starts_at, event_id LIMIT 20) first
    JOIN events e ON e.id = first.event_id LEFT JOIN places p ON p.id = e.place_id`,
  // RELEVANCE as the API ranks it: the newest SEARCH_RANK_WINDOW matches (filters.ts rankWindow), unknown words corrected (textQuery).
  'search-case-studies': `SELECT ${wrap(
    'caseStudies',
    `json_build_object('nodes', coalesce(json_agg(json_build_object(
      'slug', c.slug, 'title', c.title, 'summary', c.summary) ORDER BY c.rank DESC, c.id DESC), '[]'))`,
  )}
    FROM (SELECT id, slug, title, summary, ts_rank_cd(search, q)::float8 AS rank
          FROM case_studies, ed_search_query(websearch_to_tsquery('english', ed_unaccent($1)), ed_unaccent($1)) q
          WHERE id IN (SELECT id FROM case_studies WHERE publication_state = 'published'
            AND search @@ ed_search_query(websearch_to_tsquery('english', ed_unaccent($1)), ed_unaccent($1))
            ORDER BY id DESC LIMIT ${SEARCH_RANK_WINDOW})
          ORDER BY rank DESC, id DESC LIMIT 10) c`,
  'case-study': `SELECT ${wrap(
    'caseStudy',
    `(SELECT json_build_object('title', c.title, 'summary', c.summary, 'startDate', c.start_date,
      'organisations', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object('role', upper(x.role),
         'node', json_build_object('name', o.name)) ORDER BY x.organisation_id, x.role), '[]')
         FROM case_study_organisations x JOIN organisations o ON o.id = x.organisation_id AND o.publication_state = 'published'
         WHERE x.case_study_id = c.id)),
      'methods', json_build_object('nodes', (SELECT coalesce(json_agg(json_build_object('name', m.name) ORDER BY m.name, m.id), '[]')
         FROM methods m JOIN case_study_methods y ON y.method_id = m.id WHERE y.case_study_id = c.id AND m.publication_state = 'published')),
      'topics', json_build_object('nodes', (SELECT coalesce(json_agg(json_build_object('label', t.label) ORDER BY t.label, t.id), '[]')
         FROM topics t JOIN case_study_topics y ON y.topic_id = t.id WHERE y.case_study_id = c.id AND t.publication_state = 'published')))
    FROM case_studies c WHERE c.slug = $1 AND c.publication_state = 'published')`,
  )}`,
} as const;

/** Each route takes its one variable from the query string, like a persisted GET would. */
const params: Record<keyof typeof rawQueries, (q: URLSearchParams) => unknown[]> = {
  'nested-organisations': () => [],
  'upcoming-events': (q) => [q.get('topic')],
  'embed-events': (q) => [q.get('topic')],
  'search-case-studies': (q) => [q.get('q')],
  'case-study': (q) => [q.get('slug')],
};

/**
 * Runs one statement and returns its first row: through postgres.js, prepared as the app prepares (searches
 * planned each time, worthPreparing), or PGlite's extended protocol when embedded.
 */
export function runner<Row>(handle: DbHandle): (text: string, values: unknown[]) => Promise<Row> {
  if (handle.postgres) {
    const client = handle.postgres;
    return async (text, values) =>
      ((await client.unsafe(text, values as never[], { prepare: worthPreparing(text) })) as unknown as Row[])[0]!;
  }
  const pg = handle.pglite!;
  return async (text, values) => (await pg.query<Row>(text, values)).rows[0]!;
}

export function rawRoutes(handle: DbHandle) {
  const run = runner<{ body: string }>(handle);
  const app = new Hono();
  for (const name of Object.keys(rawQueries) as (keyof typeof rawQueries)[]) {
    app.get(`/raw/${name}`, async (c) => {
      handle.statements.count++;
      const { body } = await run(rawQueries[name], params[name](new URL(c.req.url).searchParams));
      return c.body(body, 200, { 'content-type': 'application/json; charset=utf-8' });
    });
  }
  return app;
}
