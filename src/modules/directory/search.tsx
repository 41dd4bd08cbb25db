/** @jsxImportSource hono/jsx */
// /search?q=: every kind of entry at once, ranked, with the kinds as a facet; runs the API's own `search` query.
import { invalidInput } from '../../errors.ts';
import { normaliseSearch } from '../catalogue/filters.ts';
import { formatEventDate } from '../embed/listing.ts';
import { renderDocument } from '../pages/shell.tsx';
import { searchDocument } from './documents.ts';
import { runDocument, type Connection, type DirectoryDeps } from './load.ts';
import { PAGE_SIZE } from './params.ts';
import { Chips, Pager } from './parts.tsx';

const types = {
  event: { graphql: 'EVENT', label: 'Events', path: 'events' },
  'case-study': { graphql: 'CASE_STUDY', label: 'Case studies', path: 'case-studies' },
  organisation: { graphql: 'ORGANISATION', label: 'Organisations', path: 'organisations' },
  method: { graphql: 'METHOD', label: 'Methods', path: 'methods' },
  topic: { graphql: 'TOPIC', label: 'Topics', path: 'topics' },
} as const;
type TypeName = keyof typeof types;
const byTypename: Record<string, TypeName> = {
  Event: 'event',
  CaseStudy: 'case-study',
  Organisation: 'organisation',
  Method: 'method',
  Topic: 'topic',
};

function Hit({ hit }: { hit: { snippetText: string | null; entry: Record<string, any> } }) {
  const e = hit.entry;
  const type = types[byTypename[e.__typename]!];
  const one = type.label.replace(/ies$/, 'y').replace(/s$/, '');
  return (
    <li class="card">
      <h3>
        <a href={`/${type.path}/${e.slug}`} dir="auto">
          {e.title ?? e.name ?? e.label}
        </a>
      </h3>
      <p class="meta">
        {one}
        {e.startsAt ? ` · ${formatEventDate(e.startsAt, e.timeZone, e.datePrecision)}` : ''}
      </p>
      {hit.snippetText ? <p dir="auto">{hit.snippetText}</p> : null}
    </li>
  );
}

export async function searchPage(deps: DirectoryDeps, requestId: string, query: Record<string, string[]>): Promise<string> {
  const base = deps.config.PUBLIC_URL;
  const q = normaliseSearch(['q'], query.q?.[0]);
  const chosen = [...new Set(query.type ?? [])].filter(Boolean) as TypeName[];
  for (const t of chosen) if (!(t in types)) throw invalidInput(['type'], `must be one of ${Object.keys(types).join(', ')}`);
  const after = query.after?.[0] || null;
  const before = after ? null : query.before?.[0] || null;
  const run = (variables: Record<string, unknown>) =>
    runDocument(deps, requestId, searchDocument, { query: q, ...variables }).then((d) => d.search as Connection<any>);
  let results: Connection<any> | null = null;
  const counts: Partial<Record<TypeName, number>> = {};
  if (q) {
    const paging = before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after };
    results = await run({ ...paging, types: chosen.length ? chosen.map((t) => types[t].graphql) : null });
    for (const t of Object.keys(types) as TypeName[]) counts[t] = (await run({ first: 1, types: [types[t].graphql] })).totalCount;
  }
  const url = (o: { q?: string | null; type?: TypeName[]; after?: string | null; before?: string | null }) => {
    const p = new URLSearchParams();
    if (o.q) p.set('q', o.q);
    for (const t of o.type ?? []) p.append('type', t);
    if (o.after) p.set('after', o.after);
    if (o.before) p.set('before', o.before);
    const s = p.toString();
    return `/search${s ? `?${s}` : ''}`;
  };
  const total = results?.totalCount ?? 0;
  const said = q ? `${total} ${total === 1 ? 'result' : 'results'} for “${q}”` : 'Type what you are looking for';
  return renderDocument({
    base,
    title: q ? `Search: ${q}` : 'Search',
    description: 'Search events, case studies, organisations, methods and topics at once.',
    canonical: `${base}${url({ q, type: chosen, after, before })}`,
    breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Search' }],
    script: true,
    children: (
      <>
        <h1>Search the directory</h1>
        <p id="announce" class="result-count" role="status" aria-live="polite">
          {said}
        </p>
        <div id="listing" class="layout">
          <form id="filters" class="facets" method="get" action="/search" aria-label="Search and filter">
            <div class="field">
              <label for="s-q">Search for</label>
              <input type="search" id="s-q" name="q" value={q ?? ''} />
            </div>
            <fieldset>
              <legend>Kind of entry</legend>
              <ul>
                {(Object.keys(types) as TypeName[]).map((t) => (
                  <li>
                    <input type="checkbox" id={`s-type-${t}`} name="type" value={t} checked={chosen.includes(t)} />
                    <label for={`s-type-${t}`}>
                      {types[t].label} {q ? <span class="count">({counts[t] ?? 0})</span> : null}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <p>
              <button type="submit">Search</button>
            </p>
          </form>
          <div class="results">
            <Chips
              chips={chosen.map((t) => ({ label: `Kind: ${types[t].label}`, href: url({ q, type: chosen.filter((c) => c !== t) }) }))}
              clear={url({ q })}
            />
            <h2 class="visually-hidden">Results</h2>
            {results && total ? (
              <ul class="cards">
                {results.nodes.map((hit) => (
                  <Hit hit={hit} />
                ))}
              </ul>
            ) : q ? (
              <div class="empty">
                <p>
                  <strong>
                    Nothing matches “{q}”{chosen.length ? ' among these kinds' : ''}.
                  </strong>{' '}
                  Try other words, or:
                </p>
                <ul>
                  {chosen.length ? (
                    <li>
                      <a href={url({ q })}>Search every kind of entry</a>
                    </li>
                  ) : null}
                  <li>
                    <a href="/topics">Browse by topic</a>
                  </li>
                  <li>
                    <a href="/events">See upcoming events</a>
                  </li>
                </ul>
              </div>
            ) : (
              <p>Search names, summaries and descriptions. Use quotes for a phrase, and a minus sign to leave a word out.</p>
            )}
            <Pager
              info={results?.pageInfo}
              came={after ? 'after' : before ? 'before' : null}
              href={(c) => url({ q, type: chosen, after: c.after ?? null, before: c.before ?? null })}
            />
            {q ? (
              <section class="offer" aria-labelledby="offer-embed">
                <div>
                  <h2 id="offer-embed">Embed this search</h2>
                  <p>
                    Put the matching <a href={`/embed?kind=events&search=${encodeURIComponent(q)}`}>events</a> or{' '}
                    <a href={`/embed?kind=case-studies&search=${encodeURIComponent(q)}`}>case studies</a> on your own site. Feeds follow
                    topics, organisations and series rather than search words: <a href="/topics">pick a topic</a> to subscribe.
                  </p>
                </div>
              </section>
            ) : null}
          </div>
        </div>
      </>
    ),
  });
}
