/** @jsxImportSource hono/jsx */
// A listing page: the filter form (plain GET, counts beside each value), the chips, the results, the pager and what to do next.
import { facets, type Facet, type ListingKind } from './facets.ts';
import type { Connection, FacetValue } from './load.ts';
import { queryString, urlValue, type ListingRequest, type Pair } from './params.ts';
import { Chips, EntryCard, OfferPanel, Pager, words, type Chip, type Offer } from './parts.tsx';

export const listingNames: Record<ListingKind, { title: string; one: string; many: string; lede: string }> = {
  events: {
    title: 'Events',
    one: 'event',
    many: 'events',
    lede: 'Meetings, workshops, webinars and conferences on public engagement with data and AI.',
  },
  'case-studies': {
    title: 'Case studies',
    one: 'case study',
    many: 'case studies',
    lede: 'What was done, by whom, with which method, and what came of it.',
  },
  organisations: {
    title: 'Organisations',
    one: 'organisation',
    many: 'organisations',
    lede: 'The charities, universities, public bodies and networks doing this work.',
  },
  methods: {
    title: 'Methods',
    one: 'method',
    many: 'methods',
    lede: 'Ways of involving the public, from citizens’ juries to participatory arts.',
  },
};

/** A value's name for people: a topic's label, a vocabulary word, or the value itself. */
export function valueLabel(facet: Facet, value: string, counts: FacetValue[] | undefined): string {
  const found = counts?.find((c) => (facet.vocabulary ? urlValue(c.value) : c.value) === value);
  if (found?.label) return found.label;
  if (facet.vocabulary) return words(value);
  if (facet.boolean) return value === 'yes' ? 'Yes' : 'No';
  return value;
}

const MAX_SHOWN = 25;

function FacetField({ facet, request, counts }: { facet: Facet; request: ListingRequest; counts: FacetValue[] }) {
  const chosen = request.pairs.filter((p) => p.param === facet.param).map((p) => p.value);
  const options = counts.map((c) => ({ value: facet.vocabulary ? urlValue(c.value) : c.value, label: c.label, count: c.count }));
  // A chosen value with no entries left still shows, checked, so it can be unticked.
  for (const v of chosen) if (!options.some((o) => o.value === v)) options.push({ value: v, label: null, count: 0 });
  const shown = options.filter((o, i) => i < MAX_SHOWN || chosen.includes(o.value));
  if (!shown.length) return null;
  const id = (v: string) => `f-${facet.param}-${v.replace(/[^a-z0-9-]/gi, '_')}`;
  return (
    <fieldset>
      <legend>{facet.label}</legend>
      <ul>
        {facet.multi ? null : (
          <li>
            <input type="radio" id={`f-${facet.param}--any`} name={facet.param} value="" checked={!chosen.length} />
            <label for={`f-${facet.param}--any`}>Any</label>
          </li>
        )}
        {shown.map((o) => (
          <li>
            <input
              type={facet.multi ? 'checkbox' : 'radio'}
              id={id(o.value)}
              name={facet.param}
              value={o.value}
              checked={chosen.includes(o.value)}
            />
            <label for={id(o.value)}>
              <span dir="auto">{o.label ?? valueLabel(facet, o.value, counts)}</span> <span class="count">({o.count})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export interface ListingViewProps {
  request: ListingRequest;
  connection: Connection<Record<string, any>>;
  counts: Record<string, FacetValue[]>;
  timeframes: { upcoming: number; past: number } | null;
  offer: Offer;
}

export function announcement(kind: ListingKind, total: number, q: string | null, when?: string) {
  const n = listingNames[kind];
  const what = `${total} ${total === 1 ? n.one : n.many}`;
  return `${kind === 'events' ? `${what} (${when === 'past' ? 'past' : 'upcoming'})` : what}${q ? ` matching “${q}”` : ''}`;
}

export function ListingView({ request: r, connection, counts, timeframes, offer }: ListingViewProps) {
  const kind = r.kind;
  const path = `/${kind}`;
  const n = listingNames[kind];
  // Changing the view (a filter, a tab) starts again from the first page: a cursor belongs to the view it came from.
  const view = { pairs: r.pairs, q: r.q, when: r.when };
  const without = (pair: Pair) => {
    const dropped = facets[kind].filter((f) => f.needs === pair.param).map((f) => f.param);
    return path + queryString({ ...view, pairs: r.pairs.filter((p) => p !== pair && !dropped.includes(p.param)) });
  };
  const chips: Chip[] = r.pairs.map((p) => {
    const facet = facets[kind].find((f) => f.param === p.param)!;
    return { label: `${facet.label}: ${valueLabel(facet, p.value, counts[p.param])}`, href: without(p) };
  });
  if (r.q) chips.push({ label: `Search: ${r.q}`, href: path + queryString({ ...view, q: null }) });
  const clear = path + queryString({ pairs: [], q: null, when: r.when });
  const total = connection.totalCount;
  return (
    <div id="listing" class="layout">
      <form id="filters" class="facets" method="get" action={path} aria-label={`Filter ${n.many}`}>
        <div class="field">
          <label for="f-q">Search within {n.many}</label>
          <input type="search" id="f-q" name="q" value={r.q ?? ''} />
        </div>
        {kind === 'events' && r.when === 'past' ? <input type="hidden" name="when" value="past" /> : null}
        {facets[kind].map((f) => (counts[f.param] ? <FacetField facet={f} request={r} counts={counts[f.param]!} /> : null))}
        <p>
          <button type="submit">Apply filters</button>
        </p>
      </form>
      <div class="results">
        {kind === 'events' && timeframes ? (
          <ul class="tabs">
            <li>
              <a
                href={path + queryString({ ...view, when: 'upcoming' })}
                aria-current={r.when === 'upcoming' ? 'page' : undefined}
                data-swap
              >
                Upcoming ({timeframes.upcoming})
              </a>
            </li>
            <li>
              <a href={path + queryString({ ...view, when: 'past' })} aria-current={r.when === 'past' ? 'page' : undefined} data-swap>
                Past ({timeframes.past})
              </a>
            </li>
            <li>
              <a href={`/events/calendar${queryString({ ...view, when: 'upcoming' })}`}>Calendar</a>
            </li>
          </ul>
        ) : null}
        <Chips chips={chips} clear={clear} />
        <h2 class="visually-hidden">Results</h2>
        {total ? (
          <ul class="cards">
            {connection.nodes.map((node) => (
              <EntryCard kind={kind} n={node} />
            ))}
          </ul>
        ) : (
          <div class="empty">
            <p>
              <strong>No {n.many} match.</strong> Try fewer filters:
            </p>
            <ul>
              {chips.length ? (
                <li>
                  <a href={clear}>Show all {n.many}</a> (or remove one filter above)
                </li>
              ) : null}
              {kind === 'events' && r.when === 'upcoming' && timeframes?.past ? (
                <li>
                  <a href={path + queryString({ ...view, when: 'past' })}>
                    See {timeframes.past} past {timeframes.past === 1 ? 'event' : 'events'} with these filters
                  </a>
                </li>
              ) : null}
              {r.q ? (
                <li>
                  <a href={`/search${queryString({ pairs: [], q: r.q, when: 'upcoming' })}`}>Search the whole directory for “{r.q}”</a>
                </li>
              ) : null}
              <li>
                <a href="/topics">Browse by topic</a>
              </li>
            </ul>
          </div>
        )}
        <Pager
          info={connection.pageInfo}
          came={r.after ? 'after' : r.before ? 'before' : null}
          href={(c) => path + queryString({ ...r, after: c.after ?? null, before: c.before ?? null })}
        />
        <OfferPanel offer={offer} />
      </div>
    </div>
  );
}
