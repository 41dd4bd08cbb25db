/** @jsxImportSource hono/jsx */
// The raw-SQL ceiling of the public pages and the change feed: the same rows from one hand-written query, minimal HTML or the same JSON.
import { Hono } from 'hono';
import type { DbHandle } from '../src/db.ts';
import { viewOf } from '../src/modules/following/change-feed.ts';
import { decodeCursor } from '../src/modules/following/cursor.ts';
import { runner } from './raw-routes.ts';

// The facets' counts as the page reads them unfiltered: kept by triggers as organisations and their topics change
// (schema/facet-counts.ts), and the total from published_totals, as the page reads them; counting 100k organisations
// on each request ran past the statement timeout at the large scale.
const keptCounts = (facet: string) =>
  `(SELECT coalesce(json_agg(json_build_object('value', value, 'count', count) ORDER BY count DESC, value), '[]')
     FROM organisation_facet_counts WHERE facet = '${facet}' AND count > 0)`;

/**
 * The organisations listing as /organisations shows it without filters: the first page by name, how many there
 * are, and each facet's values with their counts (a topic's count includes its narrower topics).
 */
export const organisationsPageSql = `SELECT json_build_object(
    'total', (SELECT count FROM published_totals WHERE entry_type = 'organisation'),
    'nodes', (SELECT coalesce(json_agg(json_build_object('slug', slug, 'name', name, 'kind', kind, 'region', region,
      'description', description) ORDER BY name, id), '[]')
      FROM (SELECT * FROM organisations WHERE publication_state = 'published' ORDER BY name, id LIMIT 20) o),
    'topic', (SELECT coalesce(json_agg(json_build_object('value', t.slug, 'label', t.label, 'count', c.count) ORDER BY c.count DESC, t.label), '[]')
      FROM organisation_facet_counts c JOIN topics t ON t.id::text = c.value AND t.publication_state = 'published'
      WHERE c.facet = 'topic' AND c.count > 0),
    'kind', ${keptCounts('kind')}, 'region', ${keptCounts('region')}, 'country', ${keptCounts('country')}
  )::text AS body`;

/** A case study's page: the entry and its published organisations (with roles), methods, topics and places. */
export const caseStudyPageSql = `SELECT json_build_object('c', row_to_json(c),
    'organisations', (SELECT coalesce(json_agg(json_build_object('slug', o.slug, 'name', o.name, 'role', x.role)), '[]')
      FROM case_study_organisations x JOIN organisations o ON o.id = x.organisation_id AND o.publication_state = 'published'
      WHERE x.case_study_id = c.id),
    'methods', (SELECT coalesce(json_agg(json_build_object('slug', m.slug, 'name', m.name)), '[]')
      FROM case_study_methods y JOIN methods m ON m.id = y.method_id AND m.publication_state = 'published' WHERE y.case_study_id = c.id),
    'topics', (SELECT coalesce(json_agg(json_build_object('slug', t.slug, 'label', t.label) ORDER BY t.label), '[]')
      FROM case_study_topics y JOIN topics t ON t.id = y.topic_id AND t.publication_state = 'published' WHERE y.case_study_id = c.id),
    'places', (SELECT coalesce(json_agg(p.name), '[]') FROM case_study_places y JOIN places p ON p.id = y.place_id WHERE y.case_study_id = c.id)
  )::text AS body
  FROM case_studies c WHERE c.slug = $1 AND c.publication_state = 'published'`;

/**
 * The change feed's page: as listChanges reads it, one more row than asked to know whether more follow. Columns as
 * they are stored (a cast of `cursor` in the select list would make ORDER BY sort by the cast, row by row).
 */
export const changesSql = `SELECT cursor, entry_type AS "entryType", entry_id AS "entryId", slug, action, at::text AS at, old_slug AS "oldSlug"
  FROM change_log WHERE cursor > $1 ORDER BY cursor LIMIT $2`;

type Facet = { value: string; label?: string; count: number };
interface OrganisationsPage {
  total: number;
  nodes: { slug: string; name: string; kind: string | null; region: string | null; description: string | null }[];
  topic: Facet[];
  kind: Facet[];
  region: Facet[];
  country: Facet[];
}

const Facets = (p: { name: string; values: Facet[] }) => (
  <fieldset>
    <legend>{p.name}</legend>
    {p.values.map((v) => (
      <label>
        <input type="checkbox" name={p.name} value={v.value} /> {v.label ?? v.value} ({v.count})
      </label>
    ))}
  </fieldset>
);

export function rawPageRoutes(handle: DbHandle, base: string) {
  const run = runner<{ body: string }>(handle);
  const app = new Hono();
  app.get('/raw/organisations-page', async (c) => {
    handle.statements.count++;
    const page = JSON.parse((await run(organisationsPageSql, [])).body) as OrganisationsPage;
    return c.html(
      <html lang="en-GB">
        <body>
          <h1>Organisations</h1>
          <p>{page.total} organisations</p>
          <form>
            <Facets name="topic" values={page.topic} />
            <Facets name="kind" values={page.kind} />
            <Facets name="region" values={page.region} />
            <Facets name="country" values={page.country} />
          </form>
          <ul>
            {page.nodes.map((o) => (
              <li>
                <a href={`/organisations/${o.slug}`}>{o.name}</a> {o.kind} {o.region}
                <p>{o.description}</p>
              </li>
            ))}
          </ul>
        </body>
      </html>,
    );
  });
  app.get('/raw/case-study-page', async (c) => {
    handle.statements.count++;
    const found = await run(caseStudyPageSql, [c.req.query('slug')]);
    if (!found) return c.html(<p>Not found</p>, 404);
    const p = JSON.parse(found.body) as {
      c: Record<string, any>;
      organisations: { slug: string; name: string; role: string }[];
      methods: { slug: string; name: string }[];
      topics: { slug: string; label: string }[];
      places: string[];
    };
    return c.html(
      <html lang="en-GB">
        <body>
          <article>
            <h1>{p.c.title}</h1>
            <p>{p.c.summary}</p>
            <dl>
              <dt>Started</dt>
              <dd>{p.c.start_date}</dd>
              <dt>Where</dt>
              <dd>{p.places.join(', ')}</dd>
              <dt>Format</dt>
              <dd>{p.c.format}</dd>
            </dl>
            {String(p.c.body ?? '')
              .split(/\n{2,}/)
              .map((para) => (
                <p>{para}</p>
              ))}
            <ul>
              {p.organisations.map((o) => (
                <li>
                  <a href={`/organisations/${o.slug}`}>{o.name}</a> {o.role}
                </li>
              ))}
              {p.methods.map((m) => (
                <li>
                  <a href={`/methods/${m.slug}`}>{m.name}</a>
                </li>
              ))}
              {p.topics.map((t) => (
                <li>
                  <a href={`/topics/${t.slug}`}>{t.label}</a>
                </li>
              ))}
            </ul>
          </article>
        </body>
      </html>,
    );
  });
  app.get('/raw/changes', async (c) => {
    handle.statements.count++;
    const limit = Number(c.req.query('limit') ?? 100);
    const since = c.req.query('since');
    const after = since === undefined ? 0 : decodeCursor('since', since);
    const all = await allRows(handle, changesSql, [after, limit + 1]);
    const changes = all.slice(0, limit).map((row) => viewOf(row as never, base));
    return c.json({ changes, next: changes.at(-1)?.cursor, has_more: all.length > limit });
  });
  return app;
}

/** Every row of a statement, through postgres.js or PGlite, as runner() does for one. */
async function allRows(handle: DbHandle, text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  if (handle.postgres)
    return (await handle.postgres.unsafe(text, values as never[], { prepare: true })) as unknown as Record<string, unknown>[];
  return (await handle.pglite!.query<Record<string, unknown>>(text, values)).rows;
}
