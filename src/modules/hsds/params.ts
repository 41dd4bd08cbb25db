// The query parameters of the /hsds/ routes, checked before anything is read: a bad one is a typed 400 naming it.
import { invalidInput } from '../../errors.ts';
import { UUID_PATTERN } from './ids.ts';

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;
/** Far beyond any real catalogue; keeps OFFSET a small number. */
const MAX_PAGE = 100_000;

export interface ListQuery {
  page: number;
  perPage: number;
  /** ISO 8601 instant: entries modified on or after it (HSDS: "modified on or after this datetime"). */
  modifiedAfter: string | null;
  format: 'json' | 'ndjson';
}

// RFC 3339 date-time (offset required, as an instant must be unambiguous), or a whole date, taken as midnight UTC.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2}))?$/;

function parseInstant(param: string, value: string): string {
  const m = DATE_TIME.exec(value);
  const at = m ? new Date(m[4] === undefined ? `${value}T00:00:00Z` : value.replace(' ', 'T')) : null;
  // Date would roll 2026-02-30 over to March: the calendar date must survive the round trip.
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const real = m && at && !Number.isNaN(at.getTime()) && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month <= 12;
  if (!real || !at)
    throw invalidInput([param], 'must be an RFC 3339 date-time with an offset, such as 2026-01-31T09:00:00Z, or a date such as 2026-01-31');
  return at.toISOString();
}

function wholeNumber(param: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^[0-9]{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= max)) throw invalidInput([param], `must be a whole number from 1 to ${max}`);
  return n;
}

/** Rejects parameters a route does not take: an unknown filter (HSDS's `search`, say) silently ignored would mislead. */
export function acceptOnly(query: Record<string, string[]>, known: readonly string[]): void {
  for (const [name, values] of Object.entries(query)) {
    if (!known.includes(name))
      throw invalidInput([name], `is not a parameter of this route, which takes ${known.length ? known.join(', ') : 'none'}`);
    if (values.length > 1) throw invalidInput([name], 'may be given once');
  }
}

const listParams = ['page', 'per_page', 'modified_after', 'format'] as const;

/** A list route's parameters; `modifiedAfter: false` for a list that has no modification dates (taxonomies). */
export function parseListQuery(query: Record<string, string[]>, o: { modifiedAfter: boolean } = { modifiedAfter: true }): ListQuery {
  acceptOnly(
    query,
    listParams.filter((p) => o.modifiedAfter || p !== 'modified_after'),
  );
  const one = (name: string) => query[name]?.[0];
  const format = one('format') ?? 'json';
  if (format !== 'json' && format !== 'ndjson') throw invalidInput(['format'], 'must be json or ndjson');
  // HSDS: ndjson "should stream all the results without pagination"; a page asked for with it is a mistake to report.
  if (format === 'ndjson')
    for (const name of ['page', 'per_page'])
      if (one(name) !== undefined) throw invalidInput([name], 'does not apply to format=ndjson, which streams every result');
  const after = one('modified_after');
  return {
    page: wholeNumber('page', one('page'), 1, MAX_PAGE),
    perPage: wholeNumber('per_page', one('per_page'), DEFAULT_PER_PAGE, MAX_PER_PAGE),
    modifiedAfter: after === undefined ? null : parseInstant('modified_after', after),
    format,
  };
}

/** A path id: a UUID (lower case, as the API gives them out); anything else is bad input, not a missing entry. */
export function parseId(value: string, query: Record<string, string[]>): string {
  acceptOnly(query, []);
  const id = value.toLowerCase();
  if (!UUID_PATTERN.test(id)) throw invalidInput(['id'], 'must be a UUID, as the list routes give them');
  return id;
}
