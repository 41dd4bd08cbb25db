// Parses what a partner asks for (query string or element attributes) into a listing request.
import { z } from 'zod';
import { AppError, type FieldError } from '../../errors.ts';
import { filterFields, filterNames, type EmbedKind, type FilterName } from './kinds.ts';

export const themes = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof themes)[number];
export const formats = ['in-person', 'online', 'hybrid'] as const;
export const MAX_EMBED_LIMIT = 20;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const listingSchema = z.object({
  topic: text(100).optional(),
  organisation: text(100).optional(),
  region: text(100).optional(),
  format: z.enum(formats, { error: `must be one of ${formats.join(', ')}` }).optional(),
  series: text(100).optional(),
  search: text(200).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_EMBED_LIMIT, `must be at most ${MAX_EMBED_LIMIT}`)
    .default(5),
  theme: z.enum(themes, { error: `must be one of ${themes.join(', ')}` }).default('auto'),
});

export type ListingFilters = Partial<Record<FilterName, string>>;
export interface ListingRequest {
  kind: EmbedKind;
  filters: ListingFilters;
  limit: number;
  theme: Theme;
}

/** Empty values count as absent: a CMS form often sends `topic=` for a field left blank. */
export function parseListingRequest(kind: EmbedKind, query: Record<string, string | undefined>): ListingRequest {
  const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = listingSchema.safeParse(given);
  if (!parsed.success) {
    const fieldErrors: FieldError[] = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    throw new AppError('INVALID_INPUT', fieldErrors.map((e) => `${e.path.join('.')} ${e.message}`).join('; '), fieldErrors);
  }
  const { limit, theme, ...rest } = parsed.data;
  const filters: ListingFilters = {};
  for (const name of filterNames) {
    const value = rest[name];
    if (value === undefined) continue;
    if (name !== 'search' && !filterFields[kind][name]) {
      const accepted = [...Object.keys(filterFields[kind]), 'search'].join(', ');
      const message = `does not apply to ${kind}; ${kind} accept ${accepted}`;
      throw new AppError('INVALID_INPUT', `${name} ${message}`, [{ path: [name], message }]);
    }
    filters[name] = value;
  }
  return { kind, filters, limit, theme };
}

/** GraphQL variables for the kind's persisted listing query; the embed script mirrors this exactly. */
export function listingVariables({ kind, filters, limit }: Pick<ListingRequest, 'kind' | 'filters' | 'limit'>) {
  const filter: Record<string, unknown> = {};
  for (const [name, [field, list]] of Object.entries(filterFields[kind])) {
    let value = filters[name as FilterName];
    if (value === undefined) continue;
    if (name === 'format') value = value.toUpperCase().replace('-', '_');
    filter[field] = list ? [value] : value;
  }
  return { first: limit, filter, search: filters.search ?? null };
}

/** The query string that reproduces a request, in a stable order (for URLs and snippets). */
export function listingQueryString(
  { filters, limit, theme }: Partial<Omit<ListingRequest, 'kind'>>,
  include: { limit?: boolean; theme?: boolean } = {},
): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filters?.[name]) params.set(name, filters[name]!);
  if (include.limit !== false && limit !== undefined) params.set('limit', String(limit));
  if (include.theme !== false && theme && theme !== 'auto') params.set('theme', theme);
  const s = params.toString();
  return s ? `?${s}` : '';
}
