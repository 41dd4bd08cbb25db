// A listing's URL as a typed request: the filters (checked against each facet's vocabulary), the search, the page cursor.
import { invalidInput } from '../../errors.ts';
import { assertPlainText, normaliseSearch } from '../catalogue/filters.ts';
import { facets, type FilterValues, type ListingKind } from './facets.ts';

export const PAGE_SIZE = 20;
const MAX_VALUES = 20;

/** One chosen filter value, as the URL carries it (`format=in-person`). */
export interface Pair {
  param: string;
  value: string;
}

export interface ListingRequest {
  kind: ListingKind;
  /** The chosen filters in a stable order: the URL, the chips and the canonical link are built from these. */
  pairs: Pair[];
  /** For the services and the facet counts: database vocabulary. */
  values: FilterValues;
  q: string | null;
  /** Events only: upcoming (the default) or past. */
  when: 'upcoming' | 'past';
  after: string | null;
  before: string | null;
}

/** `in_person` in the database is `in-person` in a URL and `IN_PERSON` in GraphQL. */
export const urlValue = (dbValue: string) => dbValue.replaceAll('_', '-');
const dbValue = (urlValue: string) => urlValue.trim().toLowerCase().replaceAll('-', '_');

function cursor(name: string, list: string[] | undefined): string | null {
  const value = list?.[0];
  if (!value) return null;
  return assertPlainText([name], value, 500);
}

/** Unknown parameters are ignored (a shared link may carry tracking tags); known ones are checked. */
export function parseListingRequest(kind: ListingKind, query: Record<string, string[]>): ListingRequest {
  const pairs: Pair[] = [];
  const values: FilterValues = {};
  for (const facet of facets[kind]) {
    const given = (query[facet.param] ?? []).map((v) => v.trim()).filter(Boolean);
    if (!given.length) continue;
    if (given.length > (facet.multi ? MAX_VALUES : 1))
      throw invalidInput([facet.param], facet.multi ? `at most ${MAX_VALUES} values` : 'give it once');
    const chosen: string[] = [];
    for (const raw of new Set(given)) {
      if (facet.boolean) {
        if (raw !== 'yes' && raw !== 'no') throw invalidInput([facet.param], 'must be yes or no');
        chosen.push(raw);
      } else if (facet.vocabulary) {
        const v = dbValue(raw);
        if (!facet.vocabulary.includes(v)) throw invalidInput([facet.param], `must be one of ${facet.vocabulary.map(urlValue).join(', ')}`);
        chosen.push(v);
      } else {
        chosen.push(assertPlainText([facet.param], raw, 100).toLowerCase());
      }
    }
    for (const v of chosen) pairs.push({ param: facet.param, value: facet.vocabulary ? urlValue(v) : v });
    values[facet.field] = facet.boolean ? chosen[0] === 'yes' : facet.multi ? chosen : chosen[0];
  }
  for (const facet of facets[kind])
    if (facet.needs && values[facet.field] !== undefined && !pairs.some((p) => p.param === facet.needs))
      throw invalidInput([facet.param], `needs ${facet.needs}`);
  const q = normaliseSearch(['q'], query.q?.[0]);
  const whenGiven = query.when?.[0];
  if (whenGiven && whenGiven !== 'upcoming' && whenGiven !== 'past') throw invalidInput(['when'], 'must be upcoming or past');
  const when = kind === 'events' && whenGiven === 'past' ? 'past' : 'upcoming';
  const after = cursor('after', query.after);
  const before = after ? null : cursor('before', query.before);
  if (kind === 'events') values.timeframe = when === 'past' ? 'PAST' : 'UPCOMING';
  return { kind, pairs, values, q, when, after, before };
}

/** The listing's query string: filters, then the search, then the timeframe and the cursor. */
export function queryString(
  r: Pick<ListingRequest, 'pairs' | 'q' | 'when'> & { after?: string | null; before?: string | null },
  extra: Pair[] = [],
): string {
  const params = new URLSearchParams();
  for (const p of [...r.pairs, ...extra]) params.append(p.param, p.value);
  if (r.q) params.set('q', r.q);
  if (r.when === 'past') params.set('when', 'past');
  if (r.after) params.set('after', r.after);
  if (r.before) params.set('before', r.before);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** GraphQL variables for the listing's document: the same filter input an API client would send. */
export function graphqlFilter(kind: ListingKind, values: FilterValues): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const facet of facets[kind]) {
    const v = values[facet.field];
    if (v === undefined) continue;
    const upper = (s: string) => (facet.vocabulary ? s.toUpperCase() : s);
    filter[facet.field] = Array.isArray(v) ? v.map(upper) : typeof v === 'string' ? upper(v) : v;
  }
  if (kind === 'events') filter.timeframe = values.timeframe;
  return filter;
}
